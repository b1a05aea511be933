import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { terminalSafe } from './terminal-text.js';

export type Log = (line: string) => void;

const MAX_BYTES = 1 << 20;

/**
 * What a log line may not carry: passwords in URLs (https://user:token@host), tokens and
 * signatures in query strings, bearer tokens. The callers log events, method names and stacks,
 * never arguments or keys; this is the net under that rule.
 */
export function scrub(line: string): string {
  return line
    .replace(/([a-z][a-z0-9+.-]*:\/\/)[^/\s:@]+:[^/\s@]+@/gi, '$1***@')
    .replace(/([?&](?:token|access_token|private_token|sig|signature|x-amz-signature|x-amz-credential|x-amz-security-token)=)[^&\s#]+/gi, '$1***')
    .replace(/\b(bearer|token) [A-Za-z0-9._~+/=-]{8,}/gi, '$1 ***');
}

/**
 * An append-only log file, one timestamped line per event. Made 0600 in a 0700 folder; when it has
 * grown past 1 MiB at open, it becomes PATH.1 (the one before is dropped). Writing never throws: a
 * full disk must not take the console down with it.
 */
export function openLogFile(path: string, now: () => Date = () => new Date(), maxBytes = MAX_BYTES): Log {
  try {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    if ((statSync(path, { throwIfNoEntry: false })?.size ?? 0) > maxBytes) renameSync(path, `${path}.1`);
  } catch {
    // unwritable: every write below fails quietly the same way
  }
  return (line) => {
    try {
      appendFileSync(path, `${now().toISOString()} [${process.pid}] ${terminalSafe(scrub(line)).replace(/\n(?!$)/g, '\n    ')}\n`, { mode: 0o600 });
    } catch {
      // see above
    }
  };
}

/** Lines on stderr, escaped for the terminal they may reach (the default log of the console's parts). */
export const stderrLog: Log = (line) => void process.stderr.write(terminalSafe(line) + '\n');

/** Both: the terminal (where there is one) and the file. */
export const teeLog =
  (...logs: Log[]): Log =>
  (line) => {
    for (const log of logs) log(line);
  };
