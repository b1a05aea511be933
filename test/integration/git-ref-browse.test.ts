import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeVault, tempDir } from '../helpers/vault.js';
import { makeRepo, sh } from '../helpers/git.js';
import { backup } from '../../src/ops/backup/backup.js';
import { openVault } from '../../src/ops/open-vault.js';
import { parseSourceSpec } from '../../src/sources/spec.js';
import { systemClock } from '../../src/util/clock.js';
import { walk } from '../../src/vault/browse.js';
import { requireGitSource } from '../../src/ops/restore/git-mirror.js';
import { forgetRefTrees, refTree } from '../../src/ops/browse/ref-tree.js';
import { previewFile } from '../../src/ops/browse/preview.js';
import { parseLsTree } from '../../src/ops/browse/git-listing.js';

/**
 * Issue 15: the first look at a ref restored the repository's whole mirror into a temporary folder.
 * Now the mirror's pack indexes and only the objects asked for are read from the vault.
 */
describe('Browse reads a ref\'s files from the backed-up mirror in place', () => {
  it('lists a branch and previews its file reading a fraction of the mirror\'s chunks, with git\'s own answers', async () => {
    const v = await makeVault(); // small chunks (16 KiB on average): the mirror is many of them
    const live = tempDir();
    makeRepo(live, 3);
    sh(live, 'checkout', '-q', '-b', 'docs');
    writeFileSync(join(live, 'only-on-docs.txt'), 'written on docs\n');
    sh(live, 'add', '-A');
    sh(live, 'commit', '-qm', 'docs');
    sh(live, 'checkout', '-q', 'main');
    // Most of the repository is what main adds: 2 MB that does not compress.
    mkdirSync(join(live, 'assets'));
    for (let i = 0; i < 32; i++) writeFileSync(join(live, `assets/blob-${i}.bin`), randomBytes(64 * 1024));
    sh(live, 'add', '-A');
    sh(live, 'commit', '-qm', 'assets');
    await backup({ store: v.store, credential: v.writer, sources: [parseSourceSpec(`api=git:${live}`)], excludes: [], tags: [], clock: systemClock, cacheRoot: v.cacheRoot });

    const reader = await openVault(v.store, v.identity, tempDir());
    const snapshot = (await reader.snapshots()).snapshots[0]!.id;
    const found = await requireGitSource(reader, snapshot, 'api');
    let mirrorChunks = 0;
    await walk(reader, await reader.tree(found.source.root), (_path, e) => void (mirrorChunks += e.blobs?.length ?? 0));
    const read = new Set<string>();
    const blob = reader.blob.bind(reader);
    reader.blob = (id: string) => (read.add(id), blob(id));
    forgetRefTrees();

    const docs = found.manifest.refs['refs/heads/docs']!;
    const listed = await refTree(reader, found, docs);
    expect(listed).toEqual(parseLsTree(Buffer.from(sh(live, 'ls-tree', '-r', '-l', '-z', '--full-tree', 'docs') + '\0')));
    const preview = await previewFile(reader, snapshot, 'api/refs/refs/heads/docs/only-on-docs.txt');
    expect(preview.text).toBe('written on docs\n');
    const commit = await previewFile(reader, snapshot, 'api/refs/refs/heads/docs');
    expect(commit.text).toMatch(new RegExp(`^refs/heads/docs → ${docs}\\n\\ncommit ${docs}\\nAuthor: t <t@example.com>\\nDate: {3}\\d{4}-\\d\\d-\\d\\dT[\\d:]{8}[+-]\\d\\d:\\d\\d\\n`));
    expect(mirrorChunks).toBeGreaterThan(100);
    expect(read.size).toBeLessThan(mirrorChunks / 4); // restoring the mirror read every one of them (all of them, 135 here; now 5)
    reader.close();
  });
});
