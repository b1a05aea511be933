import { expect } from 'vitest';
import type { CliResult } from './cli.js';

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
