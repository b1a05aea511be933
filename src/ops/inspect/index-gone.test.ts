import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { makeVault, tempDir } from '../../../test/helpers/vault.js';
import { describeTree, makeSampleTree } from '../../../test/helpers/tree.js';
import { backup } from '../backup/backup.js';
import { restore } from '../restore/restore.js';
import { openVault } from '../open-vault.js';
import { parseSourceSpec } from '../../sources/spec.js';
import { checkVault } from './check.js';

/**
 * Index segments are not extended with the packs later snapshots keep using: past the retention,
 * the vault's owner (or a lifecycle rule) may delete them, and the packs, still locked, are all
 * that is left of where each blob lies. Each pack describes itself in its footer.
 */
describe('a vault whose index segments are gone', () => {
  it('restores every file through the packs\' footers, and reads nothing extra while the index is whole', async () => {
    const v = await makeVault(); // a local vault folder
    const folder = v.store.url.slice('file://'.length);
    const src = tempDir();
    makeSampleTree(src);
    for (let i = 0; i < 20; i++) writeFileSync(join(src, `big-${i}`), randomBytes(40_000)); // several packs
    await backup({ store: v.store, credential: v.writer, sources: [parseSourceSpec(`cfg=dir:${src}`)], excludes: [], tags: [], clock: v.clock, cacheRoot: v.cacheRoot });

    const whole = await openVault(v.store, v.identity, tempDir('bulkhead-cache-'));
    const first = join(tempDir(), 'out');
    expect((await restore({ reader: whole, snapshot: 'latest', path: 'cfg', target: first, dryRun: false, overwrite: false })).failures).toEqual([]);
    expect(whole.index.size).toBeGreaterThan(0);
    expect((whole.index as unknown as { fromFooters: number }).fromFooters).toBe(0); // never looked: nothing was missing
    whole.close();

    // The owner deletes the index past its retention (as root, or a lifecycle rule on S3).
    const segments = readdirSync(join(folder, 'index'), { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    expect(segments.length).toBeGreaterThan(0);
    for (const s of segments) rmSync(join(s.parentPath, s.name));
    for (const dir of ['index', '.bulkhead/retention/index']) rmSync(join(folder, dir), { recursive: true, force: true });

    const reader = await openVault(v.store, v.identity, tempDir('bulkhead-cache-'));
    expect(reader.index.size).toBe(0);
    const target = join(tempDir(), 'out');
    const out = await restore({ reader, snapshot: 'latest', path: 'cfg', target, dryRun: false, overwrite: false });
    expect(out.failures).toEqual([]);
    expect(describeTree(target)).toEqual(describeTree(src));
    expect((reader.index as unknown as { fromFooters: number }).fromFooters).toBeGreaterThan(20);
    reader.close();

    // check says the index is damaged, and that nothing is lost: each blob is in its pack's footer
    const checker = await openVault(v.store, v.identity, tempDir('bulkhead-cache-'));
    const checked = await checkVault(checker, { readData: false });
    expect(checked.ok).toBe(false);
    const note = checked.problems.find((p) => p.kind === 'index-damaged');
    expect(note?.message).toMatch(/^(\d+) of the \1 blobs above that no index segment records are recorded by their packs' own footers, which restores read instead: the segments that recorded them are gone \(deleted past their retention\?\)$/);
    checker.close();
  });
});
