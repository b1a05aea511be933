import { BulkheadError } from '../util/errors.js';

const KEY = /^[a-z]+(\/[A-Za-z0-9_.-]+)*$/;

/** Object keys are Bulkhead's own names; anything else (.., absolute paths) is refused. */
export function checkKey(key: string): string {
  if (!KEY.test(key) || key.split('/').some((part) => part === '..' || part === '.')) {
    throw new BulkheadError('USAGE', `"${key}" is not a valid object key`);
  }
  return key;
}
