/**
 * `npx tsx test/bench/history-events.ts`: what the history events (src/ops/inspect/history-events.ts)
 * cost on a year of hourly snapshots (8,760; HISTORY_SNAPSHOTS to change) of 20 git sources, one of
 * which changes its manifest every hour (a busy repository: 300 refs, a branch or tag changed now and
 * then), in process and without a vault: the walk (a string compare per git source per snapshot),
 * the first comparison of every pair (one manifest read and parsed per pair), and a run that finds
 * every pair in the cache. Not a test: nothing here asserts.
 */
import { createHash } from 'node:crypto';
import { historyAnomalies, manifestPairs } from '../../src/ops/inspect/history-events.js';
import { SnapshotCounter } from '../../src/ops/inspect/snapshot-counts.js';
import type { KnownCounts } from '../../src/ops/inspect/counts-cache.js';
import type { SnapshotInfo } from '../../src/vault/snapshot-list.js';
import { canonicalBytes } from '../../src/util/canonical.js';

const N = Number(process.env.HISTORY_SNAPSHOTS ?? 8760);
const blobs = new Map<string, Buffer>();
const put = (m: object) => {
  const b = canonicalBytes(m);
  const id = createHash('sha256').update(b).digest('hex');
  blobs.set(id, b);
  return id;
};
const manifest = (refs: Record<string, string>) => put({ format: 'bulkhead-git-manifest/1', url: 'u', head: 'refs/heads/main', defaultBranch: 'main', refs, files: [], pipelines: {} });
const refs: Record<string, string> = {};
for (let i = 0; i < 250; i++) refs[`refs/heads/topic/${i}`] = createHash('sha1').update(`b${i}`).digest('hex');
for (let i = 0; i < 50; i++) refs[`refs/tags/v1.${i}.0`] = createHash('sha1').update(`t${i}`).digest('hex');
const quiet = Array.from({ length: 19 }, (_, i) => manifest({ 'refs/heads/main': `${i}`.padStart(40, '0') }));
const snapshots: SnapshotInfo[] = [];
for (let h = 0; h < N; h++) {
  refs['refs/heads/main'] = createHash('sha1').update(`main${h}`).digest('hex');
  if (h % 500 === 250) refs['refs/tags/v1.0.0'] = createHash('sha1').update(`moved${h}`).digest('hex'); // a tag moved now and then
  const sources = [{ kind: 'git', name: 'busy', root: 'r', manifest: manifest(refs), stats: {} }, ...quiet.map((m, i) => ({ kind: 'git', name: `quiet${i}`, root: 'r', manifest: m, stats: {} }))];
  snapshots.push({ id: `s${h}`, hash: `s${h}`, writerId: 'w', warnings: [], manifest: { sources } } as unknown as SnapshotInfo);
}
let reads = 0;
const source = { blob: async (id: string) => (reads++, blobs.get(id)!) };
let saved: KnownCounts = { trees: new Map(), manifests: new Map() };
const store = { load: async () => saved, save: async (k: KnownCounts) => void (saved = { trees: new Map(), manifests: new Map(), pairs: new Map(k.pairs) }) };

const ms = (t: number) => `${(performance.now() - t).toFixed(1)} ms`;
let t = performance.now();
const pairs = manifestPairs(snapshots, new Map());
console.log(`walk: ${snapshots.length} snapshots × 20 git sources → ${pairs.length} pairs in ${ms(t)}`);
const first = new SnapshotCounter(source, store);
t = performance.now();
const found = await historyAnomalies(pairs, first);
console.log(`first comparison of every pair: ${ms(t)}, ${reads} manifest reads, ${found.size} snapshots with events, heap ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB`);
await first.save();
reads = 0;
const second = new SnapshotCounter(source, store);
await second.ready();
t = performance.now();
const again = await historyAnomalies(manifestPairs(snapshots, new Map()), second);
console.log(`cached run (walk and pairs): ${ms(t)}, ${reads} manifest reads, ${again.size} snapshots with events`);
