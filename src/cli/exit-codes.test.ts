import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { CommanderError } from 'commander';
import { BulkheadError } from '../util/errors.js';
import { EXIT, ExitStatus, exitCodeOf } from './exit-codes.js';
import { describeError, wantsJson, writeError } from './report-error.js';

const docs = readFileSync(new URL('../../docs/cli.md', import.meta.url), 'utf8');

describe('exit codes', () => {
  it('docs/cli.md lists every exit code, and no other', () => {
    const table = docs.slice(docs.indexOf('**Exit codes.**'));
    const documented = [...table.matchAll(/^\| (\d+) \| /gm)].map((m) => Number(m[1]));
    expect(documented).toEqual([...new Set(Object.values(EXIT))].sort((a, b) => a - b));
  });

  it('each typed error has the code of its case', () => {
    expect(exitCodeOf('USAGE')).toBe(2);
    expect(exitCodeOf('SOURCE_FAILED')).toBe(3);
    expect(exitCodeOf('RESTORE_INCOMPLETE')).toBe(4);
    expect([exitCodeOf('CHECK_FAILED'), exitCodeOf('TAMPERED'), exitCodeOf('CORRUPT')]).toEqual([5, 5, 5]);
    expect(exitCodeOf('POSTURE_FINDING')).toBe(6);
    expect(exitCodeOf('IMMUTABLE')).toBe(7);
    expect(exitCodeOf('NO_VAULT')).toBe(10);
    expect(exitCodeOf('LOCKED')).toBe(11);
    expect(['WRONG_PASSPHRASE', 'BAD_IDENTITY', 'BAD_WRITER', 'NEEDS_IDENTITY'].map((c) => exitCodeOf(c as 'USAGE'))).toEqual([12, 12, 12, 12]);
    expect(['NOT_FOUND', 'EXISTS', 'STORE', 'AMBIGUOUS', 'TARGET_NOT_EMPTY'].map((c) => exitCodeOf(c as 'USAGE'))).toEqual([1, 1, 1, 1, 1]);
  });

  it('commander: help and version are success, anything else is usage; a prompt cancelled is 130', () => {
    expect(describeError(new CommanderError(0, 'commander.helpDisplayed', '(outputHelp)')).status).toBe(0);
    expect(describeError(new CommanderError(1, 'commander.missingArgument', "error: missing required argument 'ref'"))).toMatchObject({ status: 2, code: 'USAGE', message: "missing required argument 'ref'" });
    const cancelled = Object.assign(new Error('User force closed the prompt'), { name: 'ExitPromptError' });
    expect(describeError(cancelled)).toMatchObject({ status: 130, code: 'CANCELLED' });
    expect(describeError(new ExitStatus(9, 'the demo step failed'))).toMatchObject({ status: 9, code: 'FAILED' });
  });

  it('anything that is not a BulkheadError is a bug: exit 1, INTERNAL, where it happened', () => {
    const e = Object.assign(new Error('EBADF: bad file descriptor'), { code: 'EBADF', path: '/x' });
    expect(describeError(e)).toMatchObject({ status: 1, code: 'INTERNAL', message: expect.stringMatching(/^unexpected error \(\/x\): EBADF.*--debug/) });
  });

  it('a file system error the user can fix is said as such: exit 1, FILE_SYSTEM, what, where and why', () => {
    const e = Object.assign(new Error("EACCES: permission denied, open '/v/.bulkhead/tmp/ab'"), { code: 'EACCES', syscall: 'open', path: '/v/.bulkhead/tmp/ab' });
    expect(describeError(e)).toMatchObject({ status: 1, code: 'FILE_SYSTEM', message: 'could not open /v/.bulkhead/tmp/ab: permission denied for this user (EACCES); choose a place this user can write to, or fix that one, and try again' });
  });
});

describe('how an error is written', () => {
  const written = (e: unknown, opts: { json: boolean; debug: boolean }) => {
    let out = '';
    writeError(describeError(e), opts, (s) => (out += s));
    return out;
  };
  const wrong = new BulkheadError('WRONG_PASSPHRASE', 'the passphrase is wrong');

  it('as one sentence; with --json as one JSON line of code and message', () => {
    expect(written(wrong, { json: false, debug: false })).toBe('bulkhead: the passphrase is wrong\n');
    expect(written(wrong, { json: true, debug: false })).toBe('{"error":{"code":"WRONG_PASSPHRASE","message":"the passphrase is wrong"}}\n');
  });

  it('--debug adds the stack, inside the JSON under --json', () => {
    expect(written(wrong, { json: false, debug: true })).toMatch(/^bulkhead: the passphrase is wrong\nBulkheadError: .*\n\s+at /);
    const json = JSON.parse(written(wrong, { json: true, debug: true })) as { error: { stack: string } };
    expect(json.error.stack).toMatch(/\n\s+at /);
  });

  it('a usage error commander printed is not printed twice, unless as JSON', () => {
    const usage = new CommanderError(1, 'commander.unknownOption', "error: unknown option '--x'");
    expect(written(usage, { json: false, debug: false })).toBe('');
    expect(JSON.parse(written(usage, { json: true, debug: false }))).toEqual({ error: { code: 'USAGE', message: "unknown option '--x'" } });
  });

  it('--json counts among the options, not after --', () => {
    expect(wantsJson(['node', 'bulkhead', 'ls', '--json', 'latest'])).toBe(true);
    expect(wantsJson(['node', 'bulkhead', 'backup', '--', '--json'])).toBe(false);
  });
});
