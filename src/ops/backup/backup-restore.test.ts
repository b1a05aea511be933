import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { makeVault, tempDir } from '../../../test/helpers/vault.js';
import { describeTree, makeSampleTree } from '../../../test/helpers/tree.js';
import { backup } from './backup.js';
import { restore } from '../restore/restore.js';
import { openVault } from '../open-vault.js';
import { parseSourceSpec } from '../../sources/spec.js';

describe('backup and restore through the file store', () => {
  it('restores a tree byte-identical, with modes, mtimes, symlinks and raw names', async () => {
    const v = await makeVault();
    const src = tempDir();
    makeSampleTree(src);
    const res = await backup({ store: v.store, credential: v.writer, sources: [parseSourceSpec(`cfg=dir:${src}`)], excludes: [], tags: ['t1'], clock: v.clock, cacheRoot: v.cacheRoot });
    expect(res.files).toBe(6);
    expect(res.bytesAdded).toBeGreaterThan(0);
    const reader = await openVault(v.store, v.identity, v.cacheRoot);
    const target = join(tempDir(), 'out');
    const out = await restore({ reader, snapshot: 'latest', path: 'cfg', target, dryRun: false, overwrite: false });
    expect(out.failures).toEqual([]);
    expect(describeTree(target)).toEqual(describeTree(src));
    expect(statSync(target).mode & 0o777).toBe(statSync(src).mode & 0o777);
  });

  it('dedups an unchanged second backup and adds about the changed bytes', async () => {
    const v = await makeVault();
    const src = tempDir();
    for (let i = 0; i < 50; i++) writeFileSync(join(src, `f${i}`), randomBytes(20_000));
    const spec = [parseSourceSpec(`d=dir:${src}`)];
    const args = { store: v.store, credential: v.writer, sources: spec, excludes: [], tags: [], clock: v.clock, cacheRoot: v.cacheRoot };
    const first = await backup(args);
    const second = await backup(args);
    expect(second.bytesRead).toBe(0);
    expect(second.bytesAdded).toBeLessThan(first.bytesAdded / 10);
    writeFileSync(join(src, 'f3'), randomBytes(20_000));
    const third = await backup(args);
    expect(third.bytesRead).toBe(20_000);
    expect(third.bytesAdded).toBeLessThan(first.bytesAdded / 5);
  });

  it('refuses a non-empty target and leaves it untouched; --overwrite replaces entries', async () => {
    const v = await makeVault();
    const src = tempDir();
    writeFileSync(join(src, 'a.txt'), 'from backup');
    await backup({ store: v.store, credential: v.writer, sources: [parseSourceSpec(`s=dir:${src}`)], excludes: [], tags: [], clock: v.clock, cacheRoot: v.cacheRoot });
    const reader = await openVault(v.store, v.identity, v.cacheRoot);
    const target = tempDir();
    writeFileSync(join(target, 'a.txt'), 'live');
    writeFileSync(join(target, 'keep.txt'), 'other');
    await expect(restore({ reader, snapshot: 'latest', path: 's', target, dryRun: false, overwrite: false })).rejects.toMatchObject({ code: 'TARGET_NOT_EMPTY' });
    expect(readFileSync(join(target, 'a.txt'), 'utf8')).toBe('live');
    await restore({ reader, snapshot: 'latest', path: 's', target, dryRun: false, overwrite: true });
    expect(readFileSync(join(target, 'a.txt'), 'utf8')).toBe('from backup');
    expect(readdirSync(target).sort()).toEqual(['a.txt', 'keep.txt']);
  });
});
