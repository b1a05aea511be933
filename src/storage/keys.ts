import { BulkheadError } from '../util/errors.js';

/**
 * Can this key be addressed safely? Only path safety is checked here (no `..`, `.`, empty or
 * absolute parts, no backslash or control characters, nothing in the file store's own folder),
 * not whether Bulkhead writes such a key: that is vault/key-grammar. A listed key with a space
 * must still be readable and reportable, never a reason to stop.
 */
export function checkKey(key: string): string {
  const parts = key.split('/');
  const unsafe = key === '' || /[\\\u0000-\u001f\u007f]/.test(key) || parts.some((p) => p === '' || p === '.' || p === '..') || parts[0] === '.bulkhead';
  if (unsafe) throw new BulkheadError('USAGE', `"${key}" is not a valid object key`);
  return key;
}
