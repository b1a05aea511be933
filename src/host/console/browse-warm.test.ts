import { describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeVault, tempDir } from '../../../test/helpers/vault.js';
import { countingReads } from '../../../test/helpers/counting-store.js';
import { backup } from '../../ops/backup/backup.js';
import { parseSourceSpec } from '../../sources/spec.js';
import { snapshotFor } from '../../ops/snapshot-ref.js';
import { VaultReader } from '../../vault/reader.js';
import { IdleGate } from './idle-gate.js';
import { warmBrowse } from './browse-warm.js';

/** A vault with one snapshot of a dir source (a/b/c nested, files in each) and a stream source; its reader counts pack reads. */
async function vaultWithFolders() {
  const v = await makeVault();
  const root = tempDir();
  mkdirSync(join(root, 'a', 'b', 'c'), { recursive: true });
  for (const [dir, n] of [['', 3], ['a', 2], ['a/b', 2], ['a/b/c', 1]] as const) for (let i = 0; i < n; i++) writeFileSync(join(root, dir, `f${i}.yaml`), `${dir}-${i}\n`);
  const sources = [parseSourceSpec(`infra=dir:${root}`), parseSourceSpec('dump=stream:printf x')];
  const { snapshot } = await backup({ store: v.store, credential: v.writer, sources, excludes: [], tags: [], clock: v.clock, cacheRoot: v.cacheRoot });
  const open = async () => {
    const counted = countingReads(v.store, 'data/');
    return { reader: await VaultReader.open(counted.store, v.identity, undefined, { lazyIndex: true }), packReads: counted.reads };
  };
  return { ...(await open()), snapshot, open };
}

/** The ids of every folder tree of the snapshot's dir source, read through the reader. */
async function folderTrees(reader: VaultReader, snapshot: string): Promise<string[]> {
  const { manifest } = await snapshotFor(reader, snapshot);
  const ids = [manifest.sources.find((s) => s.name === 'infra')!.root];
  for (let i = 0; i < ids.length; i++) for (const e of (await reader.tree(ids[i]!)).entries) if (e.kind === 'dir' && e.subtree) ids.push(e.subtree);
  return ids;
}

describe('Browse warmed ahead while the console is idle', () => {
  it("decodes every folder of the snapshot's dir sources into the reader's tree cache, after the request in flight", async () => {
    const { reader, snapshot, packReads } = await vaultWithFolders();
    const gate = new IdleGate();
    let answer!: () => void;
    const request = gate.track(new Promise<void>((resolve) => (answer = resolve)));
    const warming = warmBrowse(reader, snapshot, gate, () => false);
    await new Promise((r) => setTimeout(r, 30));
    expect(reader.trees.entriesHeld).toBe(0); // the Dashboard's request comes first
    answer();
    await request;
    await warming;
    const before = packReads();
    expect(before).toBeGreaterThan(0);
    const ids = await folderTrees(reader, snapshot);
    expect(ids).toHaveLength(4); // the root, a, a/b, a/b/c
    expect(packReads()).toBe(before); // Browse reads none of them again
  });

  it('does nothing once told to stop (the session locked, a newer reader)', async () => {
    const { reader, snapshot, packReads } = await vaultWithFolders();
    await warmBrowse(reader, snapshot, new IdleGate(), () => true);
    expect(reader.trees.entriesHeld).toBe(0);
    expect(packReads()).toBe(0);
  });

  it('reads a tree asked for twice at once a single time (Browse during the warm)', async () => {
    const { snapshot, open } = await vaultWithFolders();
    const readsOfTheRoot = async (callers: number) => {
      const { reader, packReads } = await open();
      const root = (await snapshotFor(reader, snapshot)).manifest.sources.find((s) => s.name === 'infra')!.root;
      await reader.indexed();
      const before = packReads();
      const trees = await Promise.all(Array.from({ length: callers }, () => reader.tree(root)));
      expect(new Set(trees).size).toBe(1);
      return packReads() - before;
    };
    const once = await readsOfTheRoot(1);
    expect(once).toBeGreaterThan(0);
    expect(await readsOfTheRoot(3)).toBe(once);
  });
});
