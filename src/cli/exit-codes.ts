import type { ErrorCode } from '../util/errors.js';

/**
 * What `bulkhead` exits with, so that a script or a monitor can tell the cases apart without
 * reading stderr. 0, 1 and 2 are the usual; 3 to 7 say that the verb ran and found or left something
 * wrong (its output on stdout, `--json` too, is complete); 10 to 12 follow restic (no repository,
 * locked, wrong password). docs/cli.md lists the same table; a test holds the two together.
 */
export const EXIT = {
  OK: 0,
  /** Anything not below: a missing file, a store that failed, an ambiguous id, a bug. */
  FAILURE: 1,
  /** Wrong flags or arguments; nothing was done. */
  USAGE: 2,
  /** backup: some source could not be read (the snapshot records it as failed and keeps the others), or every one failed, or entries of one could not be read (recorded as unread). */
  SOURCE_FAILED: 3,
  /** restore, restore-github, restore-gitlab: what could be restored is in place and verified; the rest is named on stderr. */
  RESTORE_INCOMPLETE: 4,
  /** check found problems, a drill failed, a report or a signature did not verify, data is corrupt. */
  VERIFY_FAILED: 5,
  /** posture: the vault is immutable, but something is wrong (stale or failed sources, delete markers, …). */
  POSTURE_FINDING: 6,
  /** posture, vault init: the store is not immutable (no Object Lock, GOVERNANCE, no versioning). */
  NOT_IMMUTABLE: 7,
  /** There is no vault at --store. */
  NO_VAULT: 10,
  /** The identity is locked (the console's idle lock). */
  LOCKED: 11,
  /** Wrong passphrase, a file that is not the recovery identity (or a writer credential where the identity is needed), shares that do not combine. */
  WRONG_KEY: 12,
  /** Cancelled at a prompt (Ctrl+C), as a shell reports SIGINT. */
  CANCELLED: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Every error code has its exit code: the compiler refuses a new ErrorCode until it is placed here. */
const BY_ERROR: Record<ErrorCode, ExitCode> = {
  USAGE: EXIT.USAGE,
  SOURCE_FAILED: EXIT.SOURCE_FAILED,
  SOURCE_INCOMPLETE: EXIT.SOURCE_FAILED,
  RESTORE_INCOMPLETE: EXIT.RESTORE_INCOMPLETE,
  CHECK_FAILED: EXIT.VERIFY_FAILED,
  TAMPERED: EXIT.VERIFY_FAILED,
  CORRUPT: EXIT.VERIFY_FAILED,
  POSTURE_FINDING: EXIT.POSTURE_FINDING,
  IMMUTABLE: EXIT.NOT_IMMUTABLE,
  NO_VAULT: EXIT.NO_VAULT,
  LOCKED: EXIT.LOCKED,
  WRONG_PASSPHRASE: EXIT.WRONG_KEY,
  BAD_IDENTITY: EXIT.WRONG_KEY,
  BAD_WRITER: EXIT.WRONG_KEY,
  NEEDS_IDENTITY: EXIT.WRONG_KEY,
  NOT_FOUND: EXIT.FAILURE,
  EXISTS: EXIT.FAILURE,
  VAULT_EXISTS: EXIT.FAILURE,
  TARGET_NOT_EMPTY: EXIT.FAILURE,
  AMBIGUOUS: EXIT.FAILURE,
  STORE: EXIT.FAILURE,
  INJECTED: EXIT.FAILURE,
  UNTRUSTED_SOURCE: EXIT.FAILURE,
  NO_SPACE: EXIT.FAILURE,
};

export const exitCodeOf = (code: ErrorCode): ExitCode => BY_ERROR[code];

/**
 * Ends the run with a given status and one sentence, for a verb whose failure is another process's
 * (`demo` passes on the exit code of the step that failed).
 */
export class ExitStatus extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ExitStatus';
  }
}
