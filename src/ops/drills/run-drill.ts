import { snapshotFor } from '../snapshot-ref.js';
import type { VaultReader } from '../../vault/reader.js';
import { type SnapshotInfo } from '../../vault/snapshot-list.js';
import { screenSources, type SourceRecord } from '../../vault/snapshot.js';
import { isBulkheadError } from '../../util/errors.js';
import type { Clock } from '../../util/clock.js';
import { failedNote, holdsNothing } from '../backup/failed-sources.js';
import type { Scenario } from './scenario.js';
import type { DrillStep } from './drill-step.js';
import { kindOps } from '../kinds/registry.js';
import type { ForgeSandbox } from './sandbox.js';

export type { DrillStep } from './drill-step.js';

export interface DrillOutcome {
  snap: SnapshotInfo;
  steps: DrillStep[];
  /** From the start of the first restore to the end of the last verification. */
  rtoMs: number;
}

interface Lost {
  name: string;
  record?: SourceRecord;
  /** Why a source of that name is not restored: its name could leave the sandbox (screenSources). */
  refused?: string;
}

/** Which sources the scenario says were lost: named ones (even if the snapshot lacks them), or every one of its kinds. */
function lostSources(scenario: Scenario, snap: SnapshotInfo): Lost[] {
  const { sources: all, refused } = screenSources(snap.manifest);
  const why = (name: string) => refused.find((r) => r.name === name)?.reason;
  if (scenario.lost.sources.length) return scenario.lost.sources.map((name) => ({ name, record: all.find((s) => s.name === name), refused: why(name) }));
  const named = (s: SourceRecord): Lost => ({ name: s.name, ...(why(s.name) ? { refused: why(s.name) } : { record: s }) });
  return snap.manifest.sources.filter((s) => (scenario.lost.kinds as string[]).includes(s.kind)).map(named);
}

/**
 * Restores everything the scenario names into the sandbox and verifies each: a repository passes
 * fsck, holds the snapshot's exact refs and its pipelines parse as they did; files re-hash to the
 * snapshot's content. A step that fails is reported and the drill goes on with the others.
 */
export async function runDrill(args: { reader: VaultReader; scenario: Scenario; snapshot: string; sandbox: string; forge?: ForgeSandbox; clock: Clock; onStep?: (step: DrillStep) => void }): Promise<DrillOutcome> {
  const snap = await snapshotFor(args.reader, args.snapshot);
  const steps: DrillStep[] = [];
  const note = (done: DrillStep) => {
    steps.push(done);
    args.onStep?.(done); // live progress (the console's job strip)
  };
  const started = performance.now();
  for (const { name, record, refused } of lostSources(args.scenario, snap)) {
    const t0 = performance.now();
    const step = (ok: boolean, detail: string, bytes = 0, items = 0): DrillStep => ({ source: name, kind: record?.kind ?? 'missing', ok, detail, ms: Math.round(performance.now() - t0), bytes, items });
    if (refused) {
      note(step(false, `${JSON.stringify(name)}: ${refused}; nothing of it was restored`));
      continue;
    }
    if (!record) {
      note(step(false, `snapshot ${snap.id} has no source "${name}": it was not backed up, so it cannot be recovered from this snapshot`));
      continue;
    }
    if (holdsNothing(record)) {
      note(step(false, failedNote(record, snap.id)));
      continue;
    }
    try {
      const done = await kindOps(record.kind).drill({ reader: args.reader, snap, record, sandbox: args.sandbox, forge: args.forge, step });
      // A git source that failed after its mirror (LFS) restores, but is not whole: the drill says so.
      note(record.failed ? { ...done, ok: false, detail: `${failedNote(record, snap.id)}; ${done.detail}` } : done);
    } catch (e) {
      note(step(false, isBulkheadError(e) ? e.message : `failed unexpectedly: ${(e as Error).message}`));
    }
  }
  return { snap, steps, rtoMs: Math.round(performance.now() - started) };
}
