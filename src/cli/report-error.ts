import { CommanderError } from 'commander';
import { isBulkheadError } from '../util/errors.js';
import { EXIT, ExitStatus, exitCodeOf } from './exit-codes.js';
import { jsonText, terminalSafe } from '../util/terminal-text.js';
import { systemErrorSentence } from '../util/system-error.js';

/** What the user is told when a run fails, and the status the process ends with. */
export interface ErrorReport {
  status: number;
  /** A BulkheadError's code; else USAGE (flags), CANCELLED (a prompt), FAILED (a step of `demo`), FILE_SYSTEM (a file or folder the user can fix), INTERNAL (a bug). */
  code: string;
  message: string;
  stack?: string;
  /** commander has already printed it (text output only). */
  printed?: boolean;
}

/** The one place an error becomes an exit code: from the typed error codes, never per verb. */
export function describeError(e: unknown): ErrorReport {
  if (e instanceof CommanderError) {
    const done = e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.exitCode === 0;
    return { status: done ? EXIT.OK : EXIT.USAGE, code: 'USAGE', message: e.message.replace(/^error: /, ''), printed: true };
  }
  if (isBulkheadError(e)) return { status: exitCodeOf(e.code), code: e.code, message: e.message, ...(e.stack && { stack: e.stack }) };
  if (e instanceof ExitStatus) return { status: e.status, code: 'FAILED', message: e.message };
  if (e instanceof Error && e.name === 'ExitPromptError') return { status: EXIT.CANCELLED, code: 'CANCELLED', message: 'cancelled' };
  // A file the user can fix (permissions, a full disk, a read-only mount): said as such, not as a bug.
  const sentence = systemErrorSentence(e);
  if (sentence) return { status: EXIT.FAILURE, code: 'FILE_SYSTEM', message: sentence, ...((e as Error).stack && { stack: (e as Error).stack }) };
  const err = e as NodeJS.ErrnoException;
  const where = err?.path ? ` (${err.path})` : '';
  const message = `unexpected error${where}: ${err?.message ?? String(e)}; rerun with --debug and report it`;
  return { status: EXIT.FAILURE, code: 'INTERNAL', message, ...(err?.stack && { stack: err.stack }) };
}

/**
 * One sentence on stderr, `bulkhead: …`; with --json, one line `{"error":{"code","message"}}` as the
 * last line of stderr (also for usage errors). --debug adds the stack (as `stack` under --json).
 */
export function writeError(r: ErrorReport, opts: { json: boolean; debug: boolean }, write: (s: string) => void = (s) => void process.stderr.write(terminalSafe(s))): void {
  if (r.status === EXIT.OK) return;
  if (opts.json) {
    write(jsonText({ error: { code: r.code, message: r.message, ...(opts.debug && r.stack && { stack: r.stack }) } }) + '\n');
    return;
  }
  if (!r.printed) write(`bulkhead: ${r.message}\n`);
  if (opts.debug && r.stack) write(`${r.stack}\n`);
}

/** `--json` among the options (not after `--`, where it would be an argument). */
export function wantsJson(argv: string[]): boolean {
  const end = argv.indexOf('--');
  return (end < 0 ? argv : argv.slice(0, end)).includes('--json');
}
