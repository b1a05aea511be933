import { mkdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { systemErrorSentence } from './system-error.js';

describe('file system errors in words', () => {
  it('says what could not be done, where and why, from a real failure', async () => {
    const e = await mkdir('/proc/.nope.bulkhead-restore-1').catch((x: unknown) => x);
    expect(systemErrorSentence(e)).toBe(
      'could not create the folder /proc/.nope.bulkhead-restore-1: a folder on the way does not exist (ENOENT); choose a place this user can write to, or fix that one, and try again',
    );
  });

  it('leaves anything else to the generic message', () => {
    expect(systemErrorSentence(new Error('EIO: /dev/sda1'))).toBeNull(); // no code, no path: not ours to word
    expect(systemErrorSentence(Object.assign(new Error('x'), { code: 'EIO', syscall: 'read', path: '/x' }))).toBeNull();
    expect(systemErrorSentence('ENOENT')).toBeNull();
  });
});
