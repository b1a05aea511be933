import { expect } from 'vitest';
import type { CliResult } from './cli.js';
import { main } from '../../src/cli/main.js';

/** The exit codes of docs/cli.md, by name, as a script would hard-code them. */
export const EXIT = { OK: 0, FAILURE: 1, USAGE: 2, SOURCE_FAILED: 3, RESTORE_INCOMPLETE: 4, VERIFY_FAILED: 5, POSTURE_FINDING: 6, NOT_IMMUTABLE: 7, NO_VAULT: 10, WRONG_KEY: 12 } as const;

/** Under --json the last line of stderr is `{"error":{"code","message"}}`: returns it, checked. */
export function jsonError(r: CliResult): { code: string; message: string } {
  const last = r.stderr.trimEnd().split('\n').pop() ?? '';
  let parsed: { error?: { code?: unknown; message?: unknown } };
  try {
    parsed = JSON.parse(last) as typeof parsed;
  } catch {
    throw new Error(`the last line of stderr is not JSON: ${JSON.stringify(r.stderr)}`);
  }
  expect(Object.keys(parsed)).toEqual(['error']);
  expect(parsed.error).toEqual({ code: expect.any(String), message: expect.any(String) });
  return parsed.error as { code: string; message: string };
}

/** Exits with `status`, and under --json says `code` in JSON on stderr. */
export function expectFailure(r: CliResult, status: number, code: string, message?: RegExp): void {
  expect([r.code, r.stderr], 'exit code, stderr').toEqual([status, expect.any(String)]);
  const error = jsonError(r);
  expect(error.code).toBe(code);
  if (message) expect(error.message).toMatch(message);
}

const store = 'file:///nonexistent/vault';
/**
 * Each verb with a required option or argument left out (or, for one that requires none, a flag it
 * does not know): a usage error, before anything is done. src/cli/verbs.test.ts holds every verb of
 * the program to having one here; test/integration/cli-exit-codes.test.ts runs them.
 */
export const USAGE_CASES: string[][] = [
  ['keys', 'init'],
  ['keys', 'passwd'],
  ['keys', 'split', '--identity', 'id.json'],
  ['keys', 'combine', '--out', 'x.json'],
  ['keys', 'verify-share'],
  ['keys', 'show'],
  ['vault', 'init', '--identity', 'id.json'],
  ['vault', 'enroll', '--store', store, '--identity', 'id.json'],
  ['vault', 'policy'],
  ['vault', 'writers'],
  ['vault', 'revoke', '--store', store],
  ['vault', 'recipients', 'add', '--store', store],
  ['vault', 'recipients', 'remove', '--store', store],
  ['backup', '--store', store],
  ['backup', '--store', store, '--writer', 'w.json'],
  ['snapshots'],
  ['ls', '--store', store],
  ['restore', '--store', store, 'latest'],
  ['diff', '--store', store],
  ['diff', '--store', store, 'latest'],
  ['diff', '--store', store, 'latest', 'latest~1', '--live'],
  ['check'],
  ['posture'],
  ['drill', 'scenarios', '--no-such-flag'],
  ['drill', 'run', '--store', store],
  ['drill', 'verify', 'r.json'],
  ['restore-github', '--store', store],
  ['restore-gitlab', '--store', store],
  ['console'],
  ['demo', '--no-such-flag'],
  ['nosuch-verb'],
  ['ls', '--store', store, '--no-such-flag', 'latest'],
];

/**
 * The CLI's own main() run in this process, its stdout and stderr captured: the code a user's run
 * goes through from the arguments to the exit status, without a Node start per case. For cases
 * decided before any file or store is opened (usage errors); the bundled binary is CliWorkspace.run.
 */
export async function runMain(args: string[]): Promise<CliResult> {
  const out = { stdout: '', stderr: '' };
  const writes = { stdout: process.stdout.write, stderr: process.stderr.write };
  const capture = (to: 'stdout' | 'stderr') => ((chunk: string | Uint8Array) => ((out[to] += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString()), true)) as typeof process.stdout.write;
  process.stdout.write = capture('stdout');
  process.stderr.write = capture('stderr');
  try {
    const code = await main(['node', 'bulkhead', ...args]);
    return { code, ...out };
  } finally {
    process.stdout.write = writes.stdout;
    process.stderr.write = writes.stderr;
  }
}
