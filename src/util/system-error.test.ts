import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { systemErrorSentence } from './system-error.js';

const made: string[] = [];
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('file system errors in words', () => {
  it('says what could not be done, where and why, from a real failure', async () => {
    const e = await mkdir('/proc/.nope.bulkhead-restore-1').catch((x: unknown) => x);
    expect(systemErrorSentence(e)).toBe(
      'could not create the folder /proc/.nope.bulkhead-restore-1: a folder on the way does not exist (ENOENT); choose a place this user can write to, or fix that one, and try again',
    );
  });

  it('a file where a folder is needed is said as such (ENOTDIR, or EEXIST from mkdir)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bulkhead-syserr-'));
    made.push(dir);
    writeFileSync(join(dir, 'a-file'), 'x');
    const e = await mkdir(join(dir, 'a-file', 'restored'), { recursive: true }).catch((x: unknown) => x);
    expect(systemErrorSentence(e)).toBe(`could not create the folder ${join(dir, 'a-file', 'restored')}: a part of the path is a file, not a folder (ENOTDIR); choose a place this user can write to, or fix that one, and try again`);
    // What a restore's staging met (seen in the console): EEXIST from mkdir, on the file itself.
    const staged = Object.assign(new Error('EEXIST: file already exists'), { code: 'EEXIST', syscall: 'mkdir', path: join(dir, 'a-file') });
    expect(systemErrorSentence(staged)).toBe(`could not create the folder ${join(dir, 'a-file')}: a file is there, where a folder is needed (EEXIST); choose a place this user can write to, or fix that one, and try again`);
  });

  it('leaves anything else to the generic message', () => {
    expect(systemErrorSentence(new Error('EIO: /dev/sda1'))).toBeNull(); // no code, no path: not ours to word
    expect(systemErrorSentence(Object.assign(new Error('x'), { code: 'EIO', syscall: 'read', path: '/x' }))).toBeNull();
    expect(systemErrorSentence('ENOENT')).toBeNull();
  });
});
