import { describe, expect, it } from 'vitest';
import { SnapshotCounter } from './snapshot-counts.js';
import type { KnownCounts } from './counts-cache.js';
import { decodeTree, type TreeEntry } from '../../vault/tree.js';
import { CountingBlobs } from '../../../test/helpers/counting-blobs.js';
import type { SnapshotInfo } from '../../vault/snapshot-list.js';
import { canonicalBytes } from '../../util/canonical.js';

const file = (name: string, size: number): TreeEntry => ({ name, kind: 'file', mode: 0o644, mtime: 0, size, blobs: [] });
const dir = (name: string, subtree: string): TreeEntry => ({ name, kind: 'dir', mode: 0o755, mtime: 0, size: 0, subtree });
/** A pipeline as the writer records it (a manifest's pipelines are checked as such). */
const P = { system: 'jenkins', path: 'Jenkinsfile', blob: 'c'.repeat(40), triggers: [], jobs: [], valid: true };
const snap = (hash: string, sources: object[]) => ({ id: hash, hash, manifest: { sources } }) as unknown as SnapshotInfo;

describe('snapshot counts', () => {
  it('counts files, folders and bytes from the trees, each tree once across snapshots', async () => {
    const b = new CountingBlobs();
    const big = b.tree(Array.from({ length: 50 }, (_, i) => file(`f${i}`, 10)));
    const root1 = b.tree([dir('big', big), file('a', 5)]);
    const root2 = b.tree([dir('big', big), file('a', 6), file('b', 1)]);
    const counter = new SnapshotCounter(b);
    const one = await counter.snapshot(snap('s1', [{ kind: 'dir', name: 'cfg', root: root1, stats: { files: 9999 } }]));
    const two = await counter.snapshot(snap('s2', [{ kind: 'dir', name: 'cfg', root: root2, stats: { files: 0 } }]));
    expect(one.perSource.get('cfg')).toEqual({ compare: { files: 51 }, tree: { files: 51, dirs: 2, bytes: 505 } });
    expect(two.perSource.get('cfg')!.tree).toEqual({ files: 52, dirs: 2, bytes: 507 });
    expect(b.reads.get(big)).toBe(1); // the unchanged subtree was counted once for both
    await counter.snapshot(snap('s2', [])); // the same snapshot object again: no reads at all
    expect([...b.reads.values()].reduce((x, y) => x + y)).toBe(3);
  });

  it("compares a command's output by its bytes: a dump of a dropped database is still one file", async () => {
    const b = new CountingBlobs();
    const full = b.tree([file('db', 50_000)]);
    const dropped = b.tree([file('db', 120)]);
    const counter = new SnapshotCounter(b);
    const before = await counter.snapshot(snap('s1', [{ kind: 'stream', name: 'db', root: full, stats: { files: 1 } }]));
    const after = await counter.snapshot(snap('s2', [{ kind: 'stream', name: 'db', root: dropped, stats: { files: 1 } }]));
    expect(before.perSource.get('db')!.compare).toEqual({ bytes: 50_000 });
    expect(after.perSource.get('db')!.compare).toEqual({ bytes: 120 });
  });

  it('counts a git source by its manifest: refs, the default branch\'s pipelines, files', async () => {
    const b = new CountingBlobs();
    const manifest = b.put(canonicalBytes({ format: 'bulkhead-git-manifest/1', url: 'u', head: 'refs/heads/main', defaultBranch: 'main', refs: { 'refs/heads/main': 'x', 'refs/tags/v1': 'y' }, files: [['a', '100644', 'z', 1]], pipelines: { main: [P, P], old: [P] } }));
    const root = b.tree([file('packed-refs', 3)]);
    const counts = await new SnapshotCounter(b).snapshot(snap('s', [{ kind: 'git', name: 'api', root, manifest, stats: { files: 1 } }]));
    expect(counts.perSource.get('api')!.compare).toEqual({ refs: 2, pipelines: 2, files: 1 });
  });

  it('counts a format 2 git manifest from its parts, each part read once across manifests that share it, and not from what the writer says', async () => {
    const b = new CountingBlobs();
    const files = b.put(canonicalBytes({ format: 'bulkhead-git-files/1', files: [['a', '100644', 'z', 1], ['b', '100644', 'z', 1]] }));
    const pipelines = b.put(canonicalBytes({ format: 'bulkhead-git-pipelines/1', pipelines: { main: [P, P, P], old: [P] } }));
    const refsPart = b.put(canonicalBytes({ format: 'bulkhead-git-refs/1', refs: { 'refs/heads/main': 'x', 'refs/pull/1/head': 'y' } }));
    const top = { format: 'bulkhead-git-manifest/2', url: 'u', head: 'refs/heads/main', defaultBranch: 'main', files, pipelines };
    const one = b.put(canonicalBytes({ ...top, refParts: [refsPart], fileCount: 9999 }));
    const two = b.put(canonicalBytes({ ...top, refs: { 'refs/heads/main': 'w' } }));
    const root = b.tree([file('packed-refs', 3)]);
    const counter = new SnapshotCounter(b);
    const c1 = await counter.snapshot(snap('s1', [{ kind: 'git', name: 'api', root, manifest: one, stats: { files: 1 } }]));
    const c2 = await counter.snapshot(snap('s2', [{ kind: 'git', name: 'api', root, manifest: two, stats: { files: 1 } }]));
    expect(c1.perSource.get('api')!.compare).toEqual({ refs: 2, pipelines: 3, files: 2 });
    expect(c2.perSource.get('api')!.compare).toEqual({ refs: 1, pipelines: 3, files: 2 });
    expect([b.reads.get(files), b.reads.get(pipelines), b.reads.get(refsPart)]).toEqual([1, 1, 1]);
    // History events read refs only: the files and pipelines parts are not read for them.
    const events = await new SnapshotCounter(b).refEvents(one, two);
    expect(events).toBeDefined();
    expect([b.reads.get(files), b.reads.get(pipelines), b.reads.get(refsPart)]).toEqual([1, 1, 2]);
    // A part gone from the vault makes the source unreadable, named.
    b.bytes.delete(files);
    const gone = await new SnapshotCounter(b).snapshot(snap('s3', [{ kind: 'git', name: 'api', root, manifest: two, stats: { files: 1 } }]));
    expect(gone.unreadable.get('api')).toMatch(new RegExp(`^git manifest ${two.slice(0, 12)}: its files part ${files.slice(0, 12)} cannot be read`));
  });

  it('a failed source that holds nothing is not counted (it did not lose its files); one that kept its git data is', async () => {
    const b = new CountingBlobs();
    const empty = b.tree([]);
    const manifest = b.put(canonicalBytes({ format: 'bulkhead-git-manifest/1', url: 'u', head: null, defaultBranch: null, refs: { 'refs/heads/main': 'x' }, files: [], pipelines: {} }));
    const counts = await new SnapshotCounter(b).snapshot(snap('s', [
      { kind: 'dir', name: 'gone', root: empty, stats: { files: 0 }, failed: { reason: 'unreachable' } },
      { kind: 'git', name: 'lfs', root: empty, manifest, stats: { files: 0 }, failed: { reason: 'LFS down' } },
    ]));
    expect([...counts.perSource.keys()]).toEqual(['lfs']);
    expect(counts.sources).toBe(2);
  });

  it('a source whose tree is missing is named as unreadable, the others still count', async () => {
    const b = new CountingBlobs();
    const ok = b.tree([file('a', 1)]);
    const counts = await new SnapshotCounter(b).snapshot(snap('s', [{ kind: 'dir', name: 'gone', root: 'f'.repeat(64), stats: { files: 1 } }, { kind: 'dir', name: 'ok', root: ok, stats: { files: 1 } }]));
    expect(counts.unreadable.get('gone')).toMatch(/^tree ffffffffffff cannot be read \(not found\)/);
    expect(counts.perSource.get('ok')!.compare).toEqual({ files: 1 });
  });

  it('counts through the caller\'s decoded trees when given them (the console\'s tree cache), reading no tree blob itself', async () => {
    const b = new CountingBlobs();
    const root = b.tree([dir('big', b.tree([file('x', 3), file('y', 4)])), file('a', 5)]);
    const decoded: string[] = [];
    const source = { blob: (id: string) => b.blob(id), decodedTree: async (id: string) => (decoded.push(id), decodeTree(await b.blob(id))) };
    const counts = await new SnapshotCounter(source).snapshot(snap('s', [{ kind: 'dir', name: 'cfg', root, stats: { files: 3 } }]));
    expect(counts.perSource.get('cfg')!.tree).toEqual({ files: 3, dirs: 2, bytes: 12 });
    expect(decoded).toHaveLength(2);
    const gone = await new SnapshotCounter({ ...source, decodedTree: () => Promise.reject(new Error('tree ffffffffffff cannot be read: not found')) }).snapshot(snap('t', [{ kind: 'dir', name: 'gone', root, stats: { files: 1 } }]));
    expect(gone.unreadable.get('gone')).toBe('tree ffffffffffff cannot be read: not found'); // its own message, which names the tree
  });

  it('remembers tree and git manifest counts across runs: a second counter with the same store reads neither again', async () => {
    const b = new CountingBlobs();
    const root = b.tree([dir('big', b.tree([file('x', 3), file('y', 4)])), file('a', 5)]);
    const manifest = b.put(canonicalBytes({ format: 'bulkhead-git-manifest/1', url: 'u', head: 'refs/heads/main', defaultBranch: 'main', refs: { 'refs/heads/main': 'x' }, files: [['a', '100644', 'z', 1]], pipelines: { main: [P] } }));
    let saved: KnownCounts = { trees: new Map(), manifests: new Map() };
    const store = { load: async () => ({ trees: new Map(saved.trees), manifests: new Map(saved.manifests) }), save: async (k: KnownCounts) => void (saved = { trees: new Map(k.trees), manifests: new Map(k.manifests) }) };
    const s1 = snap('s1', [
      { kind: 'dir', name: 'cfg', root, stats: { files: 3 } },
      { kind: 'git', name: 'api', root, manifest, stats: { files: 1 } },
    ]);
    const first = new SnapshotCounter(b, store);
    const counted = await first.snapshot(s1);
    expect(counted.perSource.get('cfg')!.tree).toEqual({ files: 3, dirs: 2, bytes: 12 });
    expect(counted.perSource.get('api')!.compare).toEqual({ refs: 1, pipelines: 1, files: 1 });
    await first.save();
    expect([saved.trees.size, saved.manifests.size]).toEqual([2, 1]);
    b.reads.clear();
    const second = new SnapshotCounter(b, store);
    const again = await second.snapshot(s1);
    expect(again.perSource.get('cfg')!.tree).toEqual({ files: 3, dirs: 2, bytes: 12 });
    expect(again.perSource.get('api')!.compare).toEqual({ refs: 1, pipelines: 1, files: 1 });
    expect(b.reads.size).toBe(0);
  });

  it('counts a list of snapshots as the one-by-one path does: each tree and manifest read once, unchanged sources sharing one counts object, a missing tree unreadable in every snapshot that names it', async () => {
    const b = new CountingBlobs();
    const manifest = b.put(canonicalBytes({ format: 'bulkhead-git-manifest/1', url: 'u', head: 'refs/heads/main', defaultBranch: 'main', refs: { 'refs/heads/main': 'x' }, files: [['a', '100644', 'z', 1]], pipelines: { main: [P] } }));
    const [r1, r2, repo] = [b.tree([file('a', 1)]), b.tree([file('a', 1), file('b', 2)]), b.tree([file('packed-refs', 3)])];
    const gone = 'e'.repeat(64);
    const list = [
      snap('s1', [{ kind: 'dir', name: 'cfg', root: r1, stats: { files: 1 } }, { kind: 'git', name: 'api', root: repo, manifest, stats: { files: 1 } }]),
      snap('s2', [{ kind: 'dir', name: 'cfg', root: r2, stats: { files: 2 } }, { kind: 'git', name: 'api', root: repo, manifest, stats: { files: 1 } }, { kind: 'dir', name: 'lost', root: gone, stats: { files: 1 } }]),
      snap('s3', [{ kind: 'dir', name: 'cfg', root: r2, stats: { files: 2 } }, { kind: 'git', name: 'api', root: repo, manifest, stats: { files: 1 } }, { kind: 'dir', name: 'lost', root: gone, stats: { files: 1 } }]),
    ];
    const counter = new SnapshotCounter(b);
    const [c1, c2, c3] = await counter.snapshots(list);
    const single = new SnapshotCounter(new CountingBlobs());
    expect(c1!.perSource.get('cfg')).toEqual({ compare: { files: 1 }, tree: { files: 1, dirs: 1, bytes: 1 } });
    expect(c2!.perSource.get('cfg')!.compare).toEqual({ files: 2 });
    expect(c1!.perSource.get('api')!.compare).toEqual({ refs: 1, pipelines: 1, files: 1 });
    expect(c3!.perSource.get('api')).toBe(c1!.perSource.get('api')); // one object for an unchanged source
    for (const c of [c2!, c3!]) expect(c.unreadable.get('lost')).toMatch(/^tree eeeeeeeeeeee cannot be read \(not found\)/);
    expect([c1!.unreadable.size, c3!.sources]).toEqual([0, 3]);
    expect([...b.reads.values()].every((n) => n === 1)).toBe(true);
    expect(b.reads.size).toBe(5); // r1, r2, repo, the manifest, the missing tree: once each
    // a whole snapshot is kept; one with an unreadable source is counted again (its tree's failure is kept for this counter)
    expect(counter.knownSnapshot(list[0]!)).toBe(c1);
    expect(counter.knownSnapshot(list[1]!)).toBeUndefined();
    expect((await counter.snapshots([list[1]!]))[0]!.unreadable.get('lost')).toMatch(/cannot be read/);
    expect(b.reads.get(gone)).toBe(1);
    await expect(single.snapshots([])).resolves.toEqual([]);
  });
});
