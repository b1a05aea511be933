import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileStore } from './file-store.js';
import { tempDir } from '../../test/helpers/vault.js';

describe('file store posture', () => {
  it('says what a local folder is in whole notes: each is one point in the console and one "note:" line of the CLI', async () => {
    const store = await FileStore.create(join(tempDir(), 'vault'));
    const { notes, lockMode } = await store.posture();
    expect(lockMode).toBe('LOCAL');
    // It was one sentence cut in two: "…carry no write bit," then "but an administrator…", two points.
    expect(notes).toEqual(['local folder: Bulkhead never overwrites or deletes and files carry no write bit, but an administrator of this machine can still delete them; keep an S3 Object Lock copy too']);
  });
});
