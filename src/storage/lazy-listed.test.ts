import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { FileStore } from './file-store.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

it('listLazy lists what list does (keys, order, sizes, times), a stat only when a size or time is read', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lazy-listed-'));
  dirs.push(dir);
  const store = await FileStore.create(dir);
  const retainUntil = new Date(Date.now() + 86_400_000);
  for (const [key, n] of [['snapshots/b', 3], ['data/aa/x', 10], ['data/ab/y', 1], ['config/00000001', 7], ['stray', 2]] as const) await store.put(key, Buffer.alloc(n), { retainUntil });
  for (const prefix of ['', 'data/', 'data/aa/', 'snap']) {
    const [eager, lazy] = [await store.list(prefix), await store.listLazy(prefix)];
    expect(lazy.map((v) => v.key)).toEqual(eager.map((v) => v.key));
    expect(lazy.map((v) => [v.size, v.lastModified.getTime(), v.isDeleteMarker])).toEqual(eager.map((v) => [v.size, v.lastModified.getTime(), v.isDeleteMarker]));
  }
  // Nothing is stat'ed at listing: an object gone before its size is asked fails then, not before.
  const [gone] = await store.listLazy('stray');
  rmSync(join(dir, 'stray'), { force: true });
  expect(gone!.key).toBe('stray');
  expect(() => gone!.size).toThrow(/ENOENT/);
});
