import { snapshotFor } from '../snapshot-ref.js';
import { join } from 'node:path';
import type { VaultReader } from '../../vault/reader.js';
import { type SnapshotInfo } from '../../vault/snapshot-list.js';
import { screenSources, type SourceRecord } from '../../vault/snapshot.js';
import { pipelinesAt } from '../../sources/git/manifest.js';
import { isBulkheadError } from '../../util/errors.js';
import type { Clock } from '../../util/clock.js';
import { restore } from '../restore/restore.js';
import { restoreGit } from '../restore/restore-git.js';
import { requireGitSource } from '../restore/git-mirror.js';
import { verifyRestored } from '../restore/verify-restore.js';
import { failedNote, holdsNothing } from '../backup/failed-sources.js';
import type { Scenario } from './scenario.js';
import type { DrillStep, StepOf } from './drill-step.js';
import type { ForgeSandbox } from './sandbox.js';
import { drillGithub } from './drill-github.js';
import { drillGitlab } from './drill-gitlab.js';

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
      const done =
        record.kind === 'github' ? await drillGithub(args.reader, snap, record, args.forge, step)
        : record.kind === 'gitlab' ? await drillGitlab(args.reader, snap, record, args.forge, step)
        : record.kind === 'git' ? await drillGit(args.reader, snap, record, args.sandbox, step)
        : await drillFiles(args.reader, snap, record, args.sandbox, step);
      // A git source that failed after its mirror (LFS) restores, but is not whole: the drill says so.
      note(record.failed ? { ...done, ok: false, detail: `${failedNote(record, snap.id)}; ${done.detail}` } : done);
    } catch (e) {
      note(step(false, isBulkheadError(e) ? e.message : `failed unexpectedly: ${(e as Error).message}`));
    }
  }
  return { snap, steps, rtoMs: Math.round(performance.now() - started) };
}

async function drillGit(reader: VaultReader, snap: SnapshotInfo, record: SourceRecord, sandbox: string, step: StepOf): Promise<DrillStep> {
  const target = join(sandbox, `${record.name}.git`);
  const result = await restoreGit({ reader, snapshot: snap.id, name: record.name, target, refs: [], force: false });
  const { manifest } = await requireGitSource(reader, snap.id, record.name);
  const expected = manifest.defaultBranch ? (manifest.pipelines[manifest.defaultBranch] ?? []) : [];
  const found = manifest.defaultBranch ? await pipelinesAt(target, `refs/heads/${manifest.defaultBranch}`) : [];
  const parsed = (ps: typeof found) => ps.map((p) => `${p.path}:${p.valid}`).sort().join();
  if (parsed(found) !== parsed(expected)) return step(false, `the restored pipelines differ from the snapshot's (${found.length} found, ${expected.length} expected)`, record.stats.bytes, found.length);
  const invalid = found.filter((p) => !p.valid).length;
  const pipelines = `${found.length} pipelines parsed as in the snapshot${invalid ? ` (${invalid} invalid then and now)` : ''}`;
  return step(true, `${result.verified.join(', ')}; ${Object.keys(result.refs).length} refs; ${pipelines}`, record.stats.bytes, Object.keys(result.refs).length);
}

async function drillFiles(reader: VaultReader, snap: SnapshotInfo, record: SourceRecord, sandbox: string, step: StepOf): Promise<DrillStep> {
  const target = join(sandbox, record.kind === 'stream' ? `${record.name}.stream` : record.name);
  const result = await restore({ reader, snapshot: snap.id, path: record.name, target, dryRun: false, overwrite: false });
  if (result.refused.length) return step(false, `${result.refused.length} entries refused, their names could leave the sandbox or collide (a forged snapshot?): ${result.refused.slice(0, 3).map((f) => `${f.path} (${f.reason})`).join('; ')}`, result.plan.bytes, result.plan.files);
  if (result.failures.length) return step(false, `${result.failures.length} damaged files could not be restored: ${result.failures.slice(0, 3).map((f) => f.path).join(', ')}`, result.plan.bytes, result.plan.files);
  const diffs = await verifyRestored(reader, snap, record.name, target);
  if (diffs.length) return step(false, `${diffs.length} differences after restore, first ${diffs[0]!.path}`, result.plan.bytes, result.plan.files);
  const what = record.kind === 'stream' ? 'the stream is byte-equal to the snapshot' : `${result.plan.files} files re-hashed equal to the snapshot`;
  return step(true, what, result.plan.bytes, result.plan.files);
}
