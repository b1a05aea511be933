import { ApiCallError } from '../../../src/api/client.js';

/** A failed call as the one sentence the core wrote (never a stack). */
export function messageOf(e: unknown): string {
  if (e instanceof ApiCallError) return e.message;
  return 'something went wrong in the console; try again';
}

export function codeOf(e: unknown): string | null {
  return e instanceof ApiCallError ? e.code : null;
}
