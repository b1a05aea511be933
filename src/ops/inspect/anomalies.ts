import type { Anomaly, LevelsState } from './anomaly.js';
import { lookKey, lookStore, type KeptLook, type Look } from './look-cache.js';
import type { VaultReader } from '../../vault/reader.js';
import type { SnapshotInfo } from '../../vault/snapshot-list.js';
import type { SourceRecord } from '../../vault/snapshot.js';
import { snapshotCounter, type SnapshotCounter, type SnapshotCounts } from './snapshot-counts.js';
import { sourceContests, type Contest } from './source-claims.js';
import { historyAnomalies, manifestPairs } from './history-events.js';

export type { Anomaly, LevelsState } from './anomaly.js';

const LOST_FRACTION = 0.5;
/** A drop that held this long (by bounded time) is the new normal, not a wipe in progress. */
export const SETTLE_MS = 7 * 86_400_000;
/** Claimed stats may differ from the tree by files that vanished while read; more than this is a lie. */
const CLAIM_SLACK = { files: 2, fraction: 0.01 };

/**
 * What a snapshot's content says about it, from counts the reader derived (never the writer's stats):
 * no sources at all; a source that lost more than half of its files, refs or pipelines against the
 * last level nothing was flagged at in its own lineage (its earlier snapshots, so a second empty
 * snapshot does not launder the first) until the lower level has held for SETTLE_MS; claimed stats
 * that the trees do not bear out; trees that cannot be read. Trust warnings are not repeated here.
 * A snapshot that holds fewer sources than the one before is no anomaly: backups of different
 * sources (another job, an ad hoc run) are separate lineages, and a source that stops being backed
 * up is posture's stale-source finding, on its own lane. Another writer's copy of a contested source
 * (`contests`, source-claims.ts) is judged against its owner's level but sets none: a hijacked agent's
 * inflated copy must not make the owner's next real backups "lost" (and passed over as latest).
 */
export function findAnomalies(snapshots: readonly SnapshotInfo[], counts: ReadonlyMap<string, SnapshotCounts>, contests: ReadonlyMap<string, Contest> = new Map(), levels = new Baselines()): Map<string, Anomaly[]> {
  const out = new Map<string, Anomaly[]>();
  for (const s of snapshots) {
    const found: Anomaly[] = [];
    const c = counts.get(s.id);
    if (c) {
      if (c.sources === 0) found.push({ source: null, message: 'holds no sources at all' });
      for (const [name, why] of c.unreadable) found.push({ source: name, message: `${name} cannot be counted: ${why}` });
      const recordOf = recordFinder(s.manifest.sources);
      for (const [name, now] of c.perSource) {
        const src = recordOf(name);
        const owner = contests.get(name)?.owner.writerId;
        const had = levels.check(name, now.compare, s.at, !owner || owner === s.writerId);
        for (const [what, n] of had ? Object.entries(now.compare) : []) {
          const was = had![what];
          if (!was || n >= was * LOST_FRACTION) continue;
          const lost = n === 0 ? noneLeft(name, what, was) : `${name} lost ${Math.round((1 - n / was) * 100)}% of its ${what} (${was} → ${n})`;
          // The writer's own word, said as such: a folder the agent may no longer read is not one wiped.
          const unread = src?.unread;
          const message = unread ? `${lost}; its backup says ${unread.count} ${unread.count === 1 ? 'entry' : 'entries'} could not be read (${unread.first[0]?.reason ?? 'no reason given'})` : lost;
          found.push({ source: name, message });
        }
        const claimed = src?.stats.files;
        const off = Math.abs((claimed ?? now.tree.files) - now.tree.files);
        if (claimed !== undefined && off > CLAIM_SLACK.files && off > claimed * CLAIM_SLACK.fraction) {
          found.push({ source: name, message: `${name} claims ${claimed} files, its tree holds ${now.tree.files}` });
        }
      }
    }
    out.set(s.id, found);
  }
  return out;
}

/**
 * Each name's record in a snapshot, for names asked in the order of their first records (as
 * snapshot-counts.ts puts them) by one walk through the manifest, any other name by a search from its
 * start: a search per source was 500,000,000 compares on a wide writer's quarter. Either finds a
 * name's first record (a forged snapshot may name a source twice) when asked in that order.
 */
function recordFinder(sources: readonly SourceRecord[]): (name: string) => SourceRecord | undefined {
  let next = 0;
  return (name) => {
    for (let i = next; i < sources.length; i++) {
      if (sources[i]!.name !== name) continue;
      next = i + 1;
      return sources[i];
    }
    return sources.find((x) => x.name === name);
  };
}

/** A repository with no pipelines left still holds files: "empty" is said only of its content. */
function noneLeft(name: string, what: string, was: number): string {
  return what === 'files' || what === 'bytes' ? `${name} is empty: 0 ${what}, down from ${was}` : `${name} has no ${what} left, down from ${was}`;
}

/** Per key, the last level nothing was lost against, and since when a lower level has held. */
export class Baselines {
  readonly #accepted: Map<string, Record<string, number>>;
  readonly #droppedSince: Map<string, number>;

  constructor(from?: LevelsState) {
    this.#accepted = new Map(from?.accepted);
    this.#droppedSince = new Map(from?.droppedSince);
  }

  state(): LevelsState {
    return { accepted: [...this.#accepted], droppedSince: [...this.#droppedSince] };
  }

  /** The accepted level when `now` lost more than half of any measure of it, else undefined; `sets`: whether `now` may become the level. */
  check(key: string, now: Record<string, number>, at: string, sets = true): Record<string, number> | undefined {
    const had = this.#accepted.get(key);
    if (had === now && sets) {
      // the same counts object: an unchanged source (snapshot-counts.ts shares one), most of a wide writer's records
      this.#droppedSince.delete(key);
      return undefined;
    }
    const lost = had && Object.entries(now).some(([what, n]) => !!had[what] && n < had[what]! * LOST_FRACTION);
    if (!sets) return lost ? had : undefined;
    const t = Date.parse(at);
    const since = this.#droppedSince.get(key) ?? t;
    if (!lost || t - since >= SETTLE_MS) {
      this.#accepted.set(key, now);
      this.#droppedSince.delete(key);
      return undefined;
    }
    this.#droppedSince.set(key, since);
    return had;
  }
}

const looks = new WeakMap<VaultReader, Promise<Look>>();

/**
 * The anomalies of every snapshot of a reader (snapshot id → anomalies, empty when none), counted
 * once per reader. For posture ("anomalous recent snapshots"), `snapshots`, `latest` and the console.
 */
export async function snapshotAnomalies(reader: VaultReader): Promise<Map<string, Anomaly[]>> {
  return (await lookOf(reader)).anomalies;
}

/** The files and bytes each snapshot's trees hold (by snapshot hash), counted with its anomalies. */
export async function snapshotTotals(reader: VaultReader): Promise<Map<string, { files: number; bytes: number }>> {
  return (await lookOf(reader)).totals;
}

/**
 * A reader's look: the last one kept when nothing it depends on changed (look-cache.ts); when only
 * snapshots were added after it (an hourly writer's next one), it resumed from its lineages' levels
 * with only the new ones counted and judged; else counted and judged whole.
 */
function lookOf(reader: VaultReader): Promise<Look> {
  let p = looks.get(reader);
  if (!p) {
    p = reader.snapshots().then(async ({ snapshots }) => {
      const revoked = revokedWriters(reader);
      const store = lookStore(reader);
      const key = lookKey(snapshots, revoked);
      const kept = await store?.load();
      if (kept?.key === key) return kept;
      const counter = snapshotCounter(reader);
      const contests = sourceContests(snapshots, revoked);
      const owners = ownersOf(contests);
      const resumable = kept && kept.owners === owners && kept.count < snapshots.length && lookKey(snapshots.slice(0, kept.count), revoked) === kept.key;
      const judged = await judge(resumable ? snapshots.slice(kept.count) : snapshots, counter, contests, resumable ? kept : undefined);
      await counter.save();
      const look: KeptLook = {
        key,
        count: snapshots.length,
        owners,
        anomalies: resumable ? new Map([...kept.anomalies, ...judged.anomalies]) : judged.anomalies,
        totals: resumable ? new Map([...kept.totals, ...judged.totals]) : judged.totals,
        levels: judged.levels,
        last: judged.last,
      };
      if (judged.whole) await store?.save(look);
      return look;
    });
    looks.set(reader, p);
    p.catch(() => looks.delete(reader)); // a store error now is no verdict: try again next time
  }
  return p;
}

/**
 * Counts and judges `snapshots`, from the lineages' state a kept look ended with when given (they
 * follow its snapshots); `whole` when every source could be counted (only then is the look kept).
 */
async function judge(snapshots: readonly SnapshotInfo[], counter: SnapshotCounter, contests: ReadonlyMap<string, Contest>, from?: Pick<KeptLook, 'levels' | 'last'>): Promise<Look & Pick<KeptLook, 'levels' | 'last'> & { whole: boolean }> {
  const counted = await counter.snapshots(snapshots);
  const levels = new Baselines(from?.levels);
  // the map in snapshot order (a forged twin id: the later one, as before)
  const found = findAnomalies(snapshots, new Map(snapshots.map((s, i) => [s.id, counted[i]!])), contests, levels);
  // How each repository's history changed, manifest to manifest of its lineage: after the losses
  const last = new Map(from?.last);
  const history = await historyAnomalies(manifestPairs(snapshots, contests, last), counter).finally(() => counter.dropFresh());
  for (const [id, events] of history) found.set(id, [...(found.get(id) ?? []), ...events]);
  const totals = new Map<string, { files: number; bytes: number }>();
  snapshots.forEach((s, i) => {
    let [files, bytes] = [0, 0];
    for (const c of counted[i]!.perSource.values()) [files, bytes] = [files + c.tree.files, bytes + c.tree.bytes];
    totals.set(s.hash, { files, bytes });
  });
  return { anomalies: found, totals, levels: levels.state(), last: [...last], whole: counted.every((c) => c.unreadable.size === 0) };
}

/** Who owns each contested source: all the judging reads of the contests (a change means judging everything again). */
const ownersOf = (contests: ReadonlyMap<string, Contest>): string => JSON.stringify([...contests].map(([name, c]) => [name, c.owner.writerId]).sort());

/** The ids of the writers the reader's config revoked (who owns a contested source depends on them). */
export function revokedWriters(reader: VaultReader): Set<string> {
  return new Set(reader.config.writers.filter((w) => w.revoked).map((w) => w.id));
}
