import { describe, expect, it } from 'vitest';
import { mkdirSync, rmSync, writeFileSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { makeVault, tempDir } from '../../../test/helpers/vault.js';
import { backup } from '../backup/backup.js';
import { openVault } from '../open-vault.js';
import { diffSnapshots } from './diff.js';
import { listPath } from '../browse/ls.js';
import { parseSourceSpec } from '../../sources/spec.js';

describe('dir sources: excludes and diffs', () => {
  it('leaves out excluded paths, then reports added, removed and changed entries against a snapshot and live', async () => {
    const v = await makeVault();
    const src = tempDir();
    mkdirSync(join(src, 'conf'));
    mkdirSync(join(src, 'node_modules'));
    writeFileSync(join(src, 'conf', 'app.yaml'), 'a: 1\n');
    writeFileSync(join(src, 'conf', 'old.yaml'), 'old\n');
    writeFileSync(join(src, 'node_modules', 'big.js'), 'x');
    writeFileSync(join(src, 'debug.tmp'), 'x');
    utimesSync(join(src, 'conf', 'app.yaml'), 1_600_000_000, 1_600_000_000);
    const args = { store: v.store, credential: v.writer, sources: [parseSourceSpec(`cfg=dir:${src}`)], excludes: ['node_modules', '*.tmp'], tags: [], clock: v.clock, cacheRoot: v.cacheRoot };
    const first = await backup(args);
    writeFileSync(join(src, 'conf', 'app.yaml'), 'a: 2\n');
    rmSync(join(src, 'conf', 'old.yaml'));
    writeFileSync(join(src, 'conf', 'new.yaml'), 'new\n');
    const reader = await openVault(v.store, v.identity, v.cacheRoot);
    expect((await listPath(reader, 'latest', 'cfg')).entries.map((e) => e.name)).toEqual(['conf']);

    const live = await diffSnapshots(reader, first.snapshot, 'live');
    const summary = (d: typeof live) => d.sources[0]!.changes.map((c) => `${c.type} ${'path' in c ? c.path : ''}`).sort();
    expect(summary(live)).toEqual(['added conf/new.yaml', 'changed conf/app.yaml', 'removed conf/old.yaml']);

    const second = await backup(args);
    const reader2 = await openVault(v.store, v.identity, v.cacheRoot);
    const between = await diffSnapshots(reader2, first.snapshot, second.snapshot);
    expect(summary(between)).toEqual(['added conf/new.yaml', 'changed conf/app.yaml', 'removed conf/old.yaml']);
    expect(between.sources[0]!.counts).toEqual({ added: 1, removed: 1, changed: 1 });
  });

  it('a glob with a slash leaves out that path from the source root, in the backup and against live', async () => {
    const v = await makeVault();
    const src = tempDir();
    for (const dir of ['logs', 'app/logs', 'build/out']) mkdirSync(join(src, dir), { recursive: true });
    for (const file of ['logs/a.log', 'logs/keep.txt', 'app/logs/b.log', 'build/out/x.js', 'main.ts']) writeFileSync(join(src, file), `${file}\n`);
    const args = { store: v.store, credential: v.writer, sources: [parseSourceSpec(`cfg=dir:${src}`)], excludes: ['logs/*.log', 'build/**'], tags: [], clock: v.clock, cacheRoot: v.cacheRoot };
    const first = await backup(args);
    const reader = await openVault(v.store, v.identity, v.cacheRoot);
    expect((await listPath(reader, 'latest', 'cfg')).entries.map((e) => e.name)).toEqual(['app', 'logs', 'main.ts']);
    expect((await listPath(reader, 'latest', 'cfg/logs')).entries.map((e) => e.name)).toEqual(['keep.txt']);
    expect((await listPath(reader, 'latest', 'cfg/app/logs')).entries.map((e) => e.name)).toEqual(['b.log']); // anchored at the root
    writeFileSync(join(src, 'logs', 'c.log'), 'new\n');
    writeFileSync(join(src, 'build', 'y.js'), 'new\n');
    expect((await diffSnapshots(reader, first.snapshot, 'live')).sources[0]!.changes).toEqual([]);
  });
});
