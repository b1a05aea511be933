import { contestsOf, latestPerSource, snapshotFor } from '../snapshot-ref.js';
import { snapshotAnomalies } from '../inspect/anomalies.js';
import type { VaultReader } from '../../vault/reader.js';
import { type SnapshotInfo } from '../../vault/snapshot-list.js';
import { screenSources, type SourceRecord } from '../../vault/snapshot.js';
import { isBulkheadError } from '../../util/errors.js';
import type { Clock } from '../../util/clock.js';
import { failedNote, holdsNothing } from '../backup/failed-sources.js';
import type { Scenario } from './scenario.js';
import type { DrillStep } from './drill-step.js';
import { kindOps } from '../kinds/registry.js';
import { ambiguousContests, contestLine } from '../inspect/source-claims.js';
import type { ForgeSandbox } from './sandbox.js';
import { overBudget } from './drill-budget.js';
import type { Anomaly } from '../inspect/anomalies.js';

export type { DrillStep } from './drill-step.js';

export interface DrillOutcome {
  snap: SnapshotInfo;
  /** The oldest snapshot anything was recovered from (snap, or an older run's): what the RPO is measured by. */
  oldest: SnapshotInfo;
  steps: DrillStep[];
  /** From the start of the first restore to the end of the last verification. */
  rtoMs: number;
}

interface Lost {
  name: string;
  /** The snapshot it is recovered from. */
  snap: SnapshotInfo;
  /** Recovered from its own latest good snapshot, backed up in a run other than the drill's snapshot's. */
  otherRun?: true;
  /** Recovered from its own latest good snapshot, newer than the drill's (which another source's anomaly or failure made older). */
  newer?: true;
  record?: SourceRecord;
  /** Its kind, when a record is known but not restored (refused). */
  kind?: string;
  /** Why a source of that name is not restored: its name could leave the sandbox (screenSources). */
  refused?: string;
}

/** Which sources the scenario says were lost: named ones (even if the snapshot lacks them), or every one of its kinds. */
function lostSources(scenario: Scenario, snap: SnapshotInfo): Lost[] {
  const { sources: all, refused } = screenSources(snap.manifest);
  const why = (name: string) => refused.find((r) => r.name === name)?.reason;
  if (scenario.lost.sources.length) return scenario.lost.sources.map((name) => ({ name, snap, record: all.find((s) => s.name === name), refused: why(name) }));
  return ofKinds(scenario, snap).map((s) => ({ name: s.name, snap, ...(why(s.name) ? { refused: why(s.name) } : { record: s }) }));
}

const ofKinds = (scenario: Scenario, snap: SnapshotInfo) => snap.manifest.sources.filter((s) => (scenario.lost.kinds as string[]).includes(s.kind));

/** Every source's own latest good snapshot, and what it was judged by. */
interface Lineages {
  snapshots: readonly SnapshotInfo[];
  contests: ReturnType<typeof contestsOf>;
  anomalies: ReadonlyMap<string, readonly Anomaly[]>;
  latest: ReadonlyMap<string, SnapshotInfo>;
}

async function lineages(reader: VaultReader): Promise<Lineages> {
  const { snapshots } = await reader.snapshots();
  const contests = contestsOf(reader, snapshots);
  const anomalies = await snapshotAnomalies(reader);
  return { snapshots, contests, anomalies, latest: latestPerSource(snapshots, anomalies, contests) };
}

/**
 * A drill from "latest" of a scenario that loses every source of some kinds also recovers those that
 * writers in other places back up in runs of their own (the database host's pg_dump, say), each from
 * its own latest good snapshot: "latest" alone holds only the last run's sources, and a full-blast
 * drill that passed without them would be false evidence. A source more than one unrevoked writer
 * backs up has no latest (one of them may be hijacked, and one forged copy would otherwise drop the
 * source from the drill unseen): it is a failed step naming the writers.
 */
function otherRuns(scenario: Scenario, snap: SnapshotInfo, { snapshots, contests, anomalies, latest }: Lineages): Lost[] {
  const held = new Set(snap.manifest.sources.map((s) => s.name));
  const out: Lost[] = [];
  for (const c of ambiguousContests(contests)) {
    const own = c.owner.newest;
    if (held.has(c.name) || !ofKinds(scenario, own).some((s) => s.name === c.name)) continue;
    out.push({ name: c.name, snap: own, refused: `${contestLine(c)}; revoke the one that should not back it up ("bulkhead vault revoke"), or drill from a snapshot named by id` });
  }
  for (const [name, own] of latest) {
    if (held.has(name)) continue;
    const record = ofKinds(scenario, own).find((s) => s.name === name);
    if (!record) continue;
    const refused = screenSources(own.manifest).refused.find((r) => r.name === name)?.reason;
    out.push({ name, snap: own, otherRun: true, ...(refused ? { refused } : { record }) });
  }
  out.push(...withoutGoodSnapshot(snapshots, anomalies, scenario, (name) => held.has(name) || latest.has(name) || !!contests.get(name)?.ambiguous));
  return out.sort((a, b) => (a.name < b.name ? -1 : 1));
}

/**
 * "latest" is the newest snapshot nothing speaks against, for any of its sources: one source's
 * anomaly or failure makes it older for all. Each source held there is recovered from its own
 * latest good snapshot instead when that is newer (as Restore and Incident name it), so the RPO is
 * the one the operator would get, not an older one.
 */
function newerOwnLatest(lost: Lost[], latest: ReadonlyMap<string, SnapshotInfo>): void {
  for (const [i, l] of lost.entries()) {
    const own = latest.get(l.name);
    if (!l.record || l.refused || !own || own.id === l.snap.id || own.at <= l.snap.at) continue;
    const record = own.manifest.sources.find((s) => s.name === l.name);
    const refused = screenSources(own.manifest).refused.find((r) => r.name === l.name)?.reason;
    if (record && !refused) lost[i] = { name: l.name, snap: own, record, newer: true };
  }
}

/**
 * Sources of the scenario's kinds that trusted snapshots hold but none of them well: every copy is
 * anomalous for it (a tree or manifest that cannot be read, forged by its writer or damaged). A drill
 * that passed without them would say they can be recovered; each is a failed step naming the newest
 * copy, its writer and what is wrong with it.
 */
function withoutGoodSnapshot(snapshots: readonly SnapshotInfo[], anomalies: ReadonlyMap<string, readonly Anomaly[]>, scenario: Scenario, known: (name: string) => boolean): Lost[] {
  const out = new Map<string, Lost>();
  for (let i = snapshots.length - 1; i >= 0; i--) {
    const s = snapshots[i]!;
    if (s.warnings.length > 0) continue; // untrusted (a revoked writer's, a broken chain): never a source of the drill's
    for (const src of ofKinds(scenario, s)) {
      if (out.has(src.name) || known(src.name)) continue;
      const why = (anomalies.get(s.id) ?? []).filter((a) => a.source === src.name || a.source === null).map((a) => a.message);
      out.set(src.name, { name: src.name, snap: s, kind: src.kind, refused: `no good snapshot holds it: the newest, ${s.id} by writer "${s.writerLabel}", is anomalous for it (${why.join('; ') || 'see posture'})` });
    }
  }
  return [...out.values()];
}

/**
 * Restores everything the scenario names into the sandbox and verifies each: a repository passes
 * fsck, holds the snapshot's exact refs and its pipelines parse as they did; files re-hash to the
 * snapshot's content. A step that fails is reported and the drill goes on with the others.
 */
export async function runDrill(args: {
  reader: VaultReader;
  scenario: Scenario;
  snapshot: string;
  sandbox: string;
  forge?: ForgeSandbox;
  clock: Clock;
  onStep?: (step: DrillStep) => void;
  /** When a source's step must stop (the RTO target, in ms); injected by tests, which cannot wait minutes. */
  stepDeadline?: (ms: number, source: string) => AbortSignal;
}): Promise<DrillOutcome> {
  const snap = await snapshotFor(args.reader, args.snapshot);
  const steps: DrillStep[] = [];
  const note = (done: DrillStep) => {
    steps.push(done);
    args.onStep?.(done); // live progress (the console's job strip)
  };
  const lost = lostSources(args.scenario, snap);
  if (args.snapshot === 'latest' && args.scenario.lost.sources.length === 0) {
    const own = await lineages(args.reader);
    newerOwnLatest(lost, own.latest);
    lost.push(...otherRuns(args.scenario, snap, own));
  }
  // The RPO is the oldest snapshot anything is recovered from (each source's own, when newer than snap's).
  const from = lost.filter((l) => l.record).map((l) => l.snap);
  const oldest = from.reduce((o, f) => (f.at < o.at ? f : o), from[0] ?? snap);
  const started = performance.now();
  const restorable = lost.flatMap((l) => (l.record && !l.refused && !holdsNothing(l.record) ? [{ name: l.name, record: l.record }] : []));
  const tooLarge = await overBudget(args.reader, args.sandbox, restorable);
  const limitMs = Math.round(args.scenario.targets.rtoMinutes * 60_000);
  for (const { name, record, refused, otherRun, newer, snap: from, kind } of lost) {
    // `from`: the snapshot this source is recovered from (the drill's, or its own latest in another run).
    const t0 = performance.now();
    const which = otherRun ? `from its own latest good snapshot ${from.id.slice(0, 16)} (another run's): ` : newer ? `from its own latest good snapshot ${from.id.slice(0, 16)} (newer than the drill's, which another source's anomaly or failure made older): ` : '';
    // The writer that signed what is restored: a failure is that writer's source, not the vault's
    // (none for a source the snapshot lacks: no writer recorded it there).
    const writer = record || kind ? { writer: from.writerLabel } : {};
    const step = (ok: boolean, detail: string, bytes = 0, items = 0): DrillStep => ({ source: name, kind: record?.kind ?? kind ?? 'missing', ...writer, ok, detail: which + detail, ms: Math.round(performance.now() - t0), bytes, items });
    if (refused) {
      note(step(false, `${JSON.stringify(name)}: ${refused}; nothing of it was restored`));
      continue;
    }
    const big = tooLarge.get(name);
    if (big) {
      note(step(false, big));
      continue;
    }
    if (!record) {
      note(step(false, `snapshot ${from.id} has no source "${name}": it was not backed up, so it cannot be recovered from this snapshot`));
      continue;
    }
    if (holdsNothing(record)) {
      note(step(false, failedNote(record, from.id)));
      continue;
    }
    // No one source may hold the drill past the scenario's whole RTO target: it failed by then anyway,
    // and a tree of millions of tiny files its writer forged must not keep the others from their turn.
    const signal = args.stepDeadline ? args.stepDeadline(limitMs, name) : AbortSignal.timeout(limitMs);
    try {
      const done = await kindOps(record.kind).drill({ reader: args.reader, snap: from, record, sandbox: args.sandbox, forge: args.forge, step, signal });
      // A git source that failed after its mirror (LFS) restores, but is not whole: the drill says so.
      note(record.failed ? { ...done, ok: false, detail: `${failedNote(record, from.id)}; ${done.detail}` } : done);
    } catch (e) {
      if (signal.aborted) note(step(false, `stopped after ${args.scenario.targets.rtoMinutes} min, the scenario's whole RTO target: what it restored was removed, and the drill went on with the others`));
      else note(step(false, isBulkheadError(e) ? e.message : `failed unexpectedly: ${(e as Error).message}`));
    }
  }
  return { snap, oldest, steps, rtoMs: Math.round(performance.now() - started) };
}
