import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../helpers/vault.js';
import { rogueOnLockedVault } from '../helpers/rogue-vault.js';
import { openVault } from '../../src/ops/open-vault.js';
import { SnapshotCounter } from '../../src/ops/inspect/snapshot-counts.js';

/** Refs in the forged part, and how often the manifest names it: 4 million refs, twice the ceiling, from one 50 KB part. */
const REFS = 1000;
const REPEATS = 4096;
/** Each verb runs in a process with this much heap (MB): reading every repeat (the old behaviour) took ~465 MB here. */
const HEAP_MB = 256;

/**
 * A format 2 git manifest names its refs by part ids, and the schema allows 65,536 of them. A
 * hijacked agent named one part of 20,000 refs 65,536 times (172 KB stored): every reader fetched,
 * parsed and kept each repeat before checking for duplicate refs, and `snapshots`, posture and a
 * restore of ANOTHER source ran out of memory (4.4 GB) on every look. A repeated part is now refused
 * before any part is read, as that source's finding; the rest of the snapshot and the verbs go on.
 */
describe('a git manifest that names one refs part thousands of times, signed by a hijacked agent', () => {
  it('is refused, unread, as that source\'s finding; snapshots and posture say why in bounded memory, the snapshot\'s other source restores', async () => {
    // the attack: the agent's writer key and its store only
    const { store, v, rogue: w, operator } = await rogueOnLockedVault();
    const refs = Object.fromEntries(Array.from({ length: REFS }, (_, i) => [`refs/heads/b${i}`, 'a'.repeat(40)]));
    const part = await w.json({ format: 'bulkhead-git-refs/1', refs });
    const files = await w.json({ format: 'bulkhead-git-files/1', files: [] });
    const pipelines = await w.json({ format: 'bulkhead-git-pipelines/1', pipelines: {} });
    const manifest = await w.json({ format: 'bulkhead-git-manifest/2', url: 'https://example.com/x.git', head: 'refs/heads/b0', defaultBranch: 'b0', refParts: new Array<string>(REPEATS).fill(part), files, pipelines });
    const cfg = await w.tree([await w.file('deploy.yaml', 'replicas: 4\n')]);
    const snap = await w.snapshot([
      { name: 'cfg', root: cfg },
      { name: 'tools', kind: 'git', locator: 'https://example.com/x.git', root: await w.tree([]), manifest },
    ]);
    const why = new RegExp(`tools cannot be counted: git manifest ${manifest.slice(0, 12)} names its refs part ${part.slice(0, 12)} twice \\(at 1 and 2 of ${REPEATS}\\): a writer names each run of refs once, so the manifest was forged or damaged .*none of its parts was read`);

    // counted without fetching the part once
    const reader = await openVault(store, v.identity, tempDir());
    const read: string[] = [];
    const counter = new SnapshotCounter({ blob: (id) => (read.push(id), reader.blob(id)) });
    const { snapshots } = await reader.snapshots();
    const counts = await counter.snapshots(snapshots);
    const forged = counts[snapshots.findIndex((s) => s.id === snap)]!;
    expect(forged.perSource.get('cfg')!.tree.files).toBe(1);
    expect(`tools cannot be counted: ${forged.unreadable.get('tools')}`).toMatch(why);
    expect(read).toContain(manifest);
    expect(read).not.toContain(part);
    reader.close();

    // every verb, as a process with a small heap: none reads the repeats
    const ws = await operator({ NODE_OPTIONS: `--max-old-space-size=${HEAP_MB}` });
    const list = await ws.runAsync(ws.operator('snapshots'));
    expect(list.code).toBe(0);
    expect(list.stdout.split('\n').find((l) => l.startsWith(snap))).toMatch(why);
    const posture = await ws.runAsync(ws.operator('posture'));
    expect(posture.stdout).toMatch(new RegExp(`anomalous snapshot ${snap} .*${why.source}`));
    expect(posture.stderr).toMatch(/posture found 1 problem: anomalous-snapshot/);

    // the snapshot's other source restores, named or as its own latest; the forged one is refused with why
    for (const [at, name] of [[snap, 'named'], ['latest', 'latest']] as const) {
      const r = await ws.runAsync(ws.operator('restore', `${at}:cfg`, '--target', join(ws.dir, name)));
      expect(r.code, r.stderr).toBe(0);
      expect(readFileSync(join(ws.dir, name, 'deploy.yaml'), 'utf8')).toBe('replicas: 4\n');
    }
    const tools = await ws.runAsync(ws.operator('restore', `${snap}:tools`, '--target', join(ws.dir, 'tools.git')));
    expect(tools.code).toBe(5);
    expect(tools.stderr).toMatch(/bulkhead: git manifest [0-9a-f]{12} names its refs part [0-9a-f]{12} twice/);
  }, 120_000);
});
