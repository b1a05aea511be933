import { z } from 'zod';

/** One API method: the schema of what the UI sends (checked at runtime) and of what it gets back. */
export interface Method<A extends z.ZodTypeAny, R extends z.ZodTypeAny> {
  args: A;
  result: R;
  /** A one-line description, shown in the generated docs and in errors. */
  doc: string;
}

export const method = <A extends z.ZodTypeAny, R extends z.ZodTypeAny>(doc: string, args: A, result: R): Method<A, R> => ({ doc, args, result });

/** Codes that cross to the UI: the core's error codes plus those of the transport. */
export const API_ERROR_CODES = [
  'USAGE',
  'WRONG_PASSPHRASE',
  'BAD_IDENTITY',
  'BAD_WRITER',
  'NEEDS_IDENTITY',
  'NOT_FOUND',
  'EXISTS',
  'IMMUTABLE',
  'TAMPERED',
  'CORRUPT',
  'NO_VAULT',
  'VAULT_EXISTS',
  'TARGET_NOT_EMPTY',
  'SOURCE_FAILED',
  'SOURCE_INCOMPLETE',
  'RESTORE_INCOMPLETE',
  'CHECK_FAILED',
  'POSTURE_FINDING',
  'AMBIGUOUS',
  'STORE',
  'INJECTED',
  'UNTRUSTED_SOURCE',
  'NO_SPACE',
  'LOCKED',
  'BAD_ARGS',
  'FORBIDDEN',
  'UNKNOWN_METHOD',
  'INTERNAL',
] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

export interface ApiError {
  code: ApiErrorCode;
  message: string;
}

export type ApiResponse<T> = { ok: true; value: T } | { ok: false; error: ApiError };

export const empty = z.object({}).strict();
