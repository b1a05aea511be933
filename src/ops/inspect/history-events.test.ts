import { describe, expect, it } from 'vitest';
import { historyAnomalies, manifestPairs } from './history-events.js';
import { SnapshotCounter } from './snapshot-counts.js';
import type { KnownCounts } from './counts-cache.js';
import type { Contest } from './source-claims.js';
import type { SnapshotInfo } from '../../vault/snapshot-list.js';
import { canonicalBytes } from '../../util/canonical.js';
import { CountingBlobs } from '../../../test/helpers/counting-blobs.js';

/** Git manifests by content id, and how often each was read. */
class Blobs extends CountingBlobs {
  manifest(refs: Record<string, string>, defaultBranch = 'main', rewritten?: string[]): string {
    const m = { format: 'bulkhead-git-manifest/1', url: 'u', head: `refs/heads/${defaultBranch}`, defaultBranch, refs, files: [], pipelines: {}, ...(rewritten && { rewritten: { refs: rewritten, count: rewritten.length } }) };
    return this.put(canonicalBytes(m));
  }
}

const snap = (id: string, sources: { name: string; manifest?: string; failed?: string }[], writerId = 'w1') =>
  ({ id, hash: id, writerId, warnings: [], manifest: { sources: sources.map((s) => ({ kind: 'git', root: 'r', stats: {}, ...s })) } }) as unknown as SnapshotInfo;

describe('history events along each source lineage', () => {
  it('pairs a git source\'s manifest with the one before in its lineage; the same id is no pair; a failed source is skipped', () => {
    const snaps = [snap('s1', [{ name: 'api', manifest: 'A' }, { name: 'web', manifest: 'W' }]), snap('s2', [{ name: 'api', manifest: 'A' }]), snap('s3', [{ name: 'api', failed: 'x' }]), snap('s4', [{ name: 'api', manifest: 'B' }, { name: 'web', manifest: 'W' }])];
    expect(manifestPairs(snaps, new Map())).toEqual([
      { snapshot: 's1', source: 'api', before: undefined, after: 'A' },
      { snapshot: 's1', source: 'web', before: undefined, after: 'W' },
      { snapshot: 's4', source: 'api', before: 'A', after: 'B' },
    ]);
  });

  it("compares another writer's copy of a contested source with its owner's, and never with that copy", () => {
    const contests = new Map([['api', { owner: { writerId: 'w1' } } as unknown as Contest]]);
    const snaps = [snap('s1', [{ name: 'api', manifest: 'A' }]), snap('rogue', [{ name: 'api', manifest: 'X' }], 'w2'), snap('s2', [{ name: 'api', manifest: 'A' }])];
    expect(manifestPairs(snaps, contests).map((p) => [p.snapshot, p.before, p.after])).toEqual([
      ['s1', undefined, 'A'],
      ['rogue', 'A', 'X'],
    ]);
  });

  it('says each event on its snapshot, reads each manifest once, and a second run with the cache reads none', async () => {
    const b = new Blobs();
    const m1 = b.manifest({ 'refs/heads/main': 'a1', 'refs/heads/release/1.4': 'r1', 'refs/tags/v1.2.0': 't1' });
    const m2 = b.manifest({ 'refs/heads/main': 'a0', 'refs/tags/v1.2.0': 't2' }, 'main', ['refs/heads/main']);
    const m3 = b.manifest({ 'refs/heads/main': 'a3', 'refs/tags/v1.2.0': 't2' }); // a fast-forward: nothing
    const snaps = [snap('s1', [{ name: 'api', manifest: m1 }]), snap('s2', [{ name: 'api', manifest: m2 }]), snap('s3', [{ name: 'api', manifest: m3 }])];
    let saved: KnownCounts = { trees: new Map(), manifests: new Map() };
    const store = { load: async () => saved, save: async (k: KnownCounts) => void (saved = { trees: new Map(), manifests: new Map(), pairs: new Map(k.pairs) }) };
    const first = new SnapshotCounter(b, store);
    const found = await historyAnomalies(manifestPairs(snaps, new Map()), first);
    expect([...found.keys()]).toEqual(['s2']);
    expect(found.get('s2')).toEqual([
      { source: 'api', message: 'api: main was rewritten: the backup agent recorded a force-push', kind: 'history' },
      { source: 'api', message: 'api: release/1.4 deleted', kind: 'history' },
      { source: 'api', message: 'api: tag v1.2.0 moved', kind: 'history' },
    ]);
    expect([...b.reads.values()]).toEqual([1, 1, 1]);
    await first.save();
    b.reads.clear();
    const second = new SnapshotCounter(b, store);
    await second.ready();
    expect(await historyAnomalies(manifestPairs(snaps, new Map()), second)).toEqual(found);
    expect(b.reads.size).toBe(0);
  });

  it('a manifest that cannot be read has no events here (its counts say it)', async () => {
    const b = new Blobs();
    const m1 = b.manifest({ 'refs/tags/v1': 't1' });
    const found = await historyAnomalies(manifestPairs([snap('s1', [{ name: 'api', manifest: m1 }]), snap('s2', [{ name: 'api', manifest: 'missing' }])], new Map()), new SnapshotCounter(b));
    expect(found.size).toBe(0);
  });

  it('reads a manifest counted in the same run once, for its counts and its pairs', async () => {
    const b = new Blobs();
    const root = b.tree();
    const m1 = b.manifest({ 'refs/heads/main': 'a1', 'refs/tags/v1': 't1' });
    const m2 = b.manifest({ 'refs/heads/main': 'a2', 'refs/tags/v1': 't2' });
    const snaps = [snap('s1', [{ name: 'api', manifest: m1 }]), snap('s2', [{ name: 'api', manifest: m2 }])].map((s) => {
      for (const src of s.manifest.sources) (src as { root: string }).root = root;
      return s;
    });
    const counter = new SnapshotCounter(b);
    for (const s of snaps) await counter.snapshot(s);
    const found = await historyAnomalies(manifestPairs(snaps, new Map()), counter);
    expect(found.get('s2')!.map((a) => a.message)).toEqual(['api: tag v1 moved']);
    expect([b.reads.get(m1), b.reads.get(m2)]).toEqual([1, 1]);
  });
});
