/**
 * Every failure a user can see is a BulkheadError with a stable code and one clear sentence:
 * what is wrong, where, and what to do. Anything else reaching the CLI is a bug.
 */
export type ErrorCode =
  | 'USAGE'
  | 'WRONG_PASSPHRASE'
  | 'BAD_IDENTITY'
  | 'BAD_WRITER'
  | 'NEEDS_IDENTITY'
  | 'NOT_FOUND'
  | 'EXISTS'
  | 'IMMUTABLE'
  | 'TAMPERED'
  | 'CORRUPT'
  | 'NO_VAULT'
  | 'VAULT_EXISTS'
  | 'TARGET_NOT_EMPTY'
  | 'SOURCE_FAILED'
  | 'SOURCE_INCOMPLETE'
  | 'RESTORE_INCOMPLETE'
  | 'CHECK_FAILED'
  | 'POSTURE_FINDING'
  | 'AMBIGUOUS'
  | 'STORE'
  | 'INJECTED'
  | 'UNTRUSTED_SOURCE'
  | 'NO_SPACE'
  | 'LOCKED';

export class BulkheadError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = 'BulkheadError';
  }
}

export function isBulkheadError(e: unknown, code?: ErrorCode): e is BulkheadError {
  return e instanceof BulkheadError && (code === undefined || e.code === code);
}

/** Closes a switch over a union: the compiler proves it is never reached. */
export function missingCase(x: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(x)}`);
}
