import { existsSync, lstatSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileStore } from './file-store.js';
import { tempDir } from '../../test/helpers/vault.js';

const options = { retainUntil: new Date(Date.now() + 86_400_000) };
const isObjectKey = (key: string) => /^config\/\d{8}$/.test(key);

/** What a hijacked agent of a local vault can do ahead of the operator: create entries where objects and folders go. */
describe('a local vault\'s entries in the place of an object or a folder', () => {
  it('the vault\'s listing names a folder at an object\'s key and one at its retention file\'s place; a plain listing is as before', async () => {
    const root = join(tempDir(), 'vault');
    const store = await FileStore.create(root);
    await store.put('config/00000001', Buffer.from('{}'), options);
    mkdirSync(join(root, 'config/00000002'));
    mkdirSync(join(root, '.bulkhead/retention/config/00000003'), { recursive: true });
    const rows = await store.list('config/', { objectKey: isObjectKey });
    expect(rows.map((v) => v.key)).toEqual(['config/00000001', 'config/00000002', 'config/00000003']);
    expect(rows[0]!.notAFile).toBeUndefined();
    expect(rows[1]!.notAFile).toBe("a folder, not a file: Bulkhead never makes one at an object's key");
    expect(rows[2]!.notAFile).toMatch(/^a folder at \.bulkhead\/retention\/config\/00000003, where config\/00000003's retention file goes/);
    expect((await store.list('config/')).map((v) => v.key)).toEqual(['config/00000001']);
    expect((await store.listLazy('', { objectKey: isObjectKey })).map((v) => v.key)).toEqual(['config/00000001', 'config/00000002', 'config/00000003']);
  });

  it('a put refuses before the object is in when a folder holds its retention file\'s place: nothing is left without its lock', async () => {
    const root = join(tempDir(), 'vault');
    const store = await FileStore.create(root);
    mkdirSync(join(root, '.bulkhead/retention/config/00000002'), { recursive: true });
    await expect(store.put('config/00000002', Buffer.from('{}'), options)).rejects.toMatchObject({
      code: 'EXISTS',
      message: expect.stringMatching(/cannot store config\/00000002: \.bulkhead\/retention\/config\/00000002 is a folder, .* the vault folder was tampered with/),
    });
    expect(existsSync(join(root, 'config/00000002'))).toBe(false);
    mkdirSync(join(root, 'config/00000003'));
    await expect(store.put('config/00000003', Buffer.from('{}'), options)).rejects.toThrow(/cannot store config\/00000003: config\/00000003 is a folder/);
  });

  it('makeFolders makes each folder and its retention twin, and names what stands in the way of one without stopping at it', async () => {
    const root = join(tempDir(), 'vault');
    const store = await FileStore.create(root);
    mkdirSync(join(root, 'index'));
    writeFileSync(join(root, 'index/W1'), 'x');
    mkdirSync(join(root, '.bulkhead/retention/index'), { recursive: true });
    writeFileSync(join(root, '.bulkhead/retention/index/W2'), 'x');
    expect(store.folderObstacles(['data/ab/', 'index/W1/', 'index/W2/'])).toEqual([
      { prefix: 'index/W1/', path: join(root, 'index/W1'), kind: 'a file' },
      { prefix: 'index/W2/', path: join(root, '.bulkhead/retention/index/W2'), kind: 'a file' },
    ]);
    expect(existsSync(join(root, 'data'))).toBe(false); // only looked
    expect(store.makeFolders(['data/ab/', 'index/W1/', 'index/W2/', 'index/W3/'])).toHaveLength(2);
    for (const made of ['data/ab', '.bulkhead/retention/data/ab', 'index/W3', '.bulkhead/retention/index/W3']) expect(lstatSync(join(root, made)).isDirectory()).toBe(true);
    // a file where the object tree has a folder, in the retention tree: named by the vault's listing
    const rows = await store.list('index/', { objectKey: () => false });
    const strays = rows.filter((v) => v.notAFile);
    expect(strays.map((v) => v.key)).toEqual(['index/W2']);
    expect(strays[0]!.notAFile).toMatch(/^a file at \.bulkhead\/retention\/index\/W2, where the folder of index\/W2's retention files goes/);
  });
});
