import { expect } from 'vitest';

/**
 * Setup file (every test file): two byte arrays of one type are equal when their bytes are, compared
 * with Buffer.compare. Without it, toEqual walks a buffer element by element through its generic
 * equality, keys included: comparing a mirror's blobs with what git printed (a few hundred kB) took
 * seconds of a unit file, most of it in that walk and its garbage. Arrays of different types are
 * left to toEqual's own rules.
 */
const worker = globalThis as { __bulkheadSameBytes?: true };
// Once per worker: the unit files share theirs (isolate: false), and testers added again would pile up.
if (!worker.__bulkheadSameBytes) {
  worker.__bulkheadSameBytes = true;
  expect.addEqualityTesters([
    function sameBytes(a: unknown, b: unknown): boolean | undefined {
      if (!(a instanceof Uint8Array) || !(b instanceof Uint8Array) || a.constructor !== b.constructor) return undefined;
      return Buffer.compare(a, b) === 0;
    },
  ]);
}
