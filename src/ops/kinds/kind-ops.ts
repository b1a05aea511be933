import type { VaultReader } from '../../vault/reader.js';
import type { SnapshotInfo } from '../../vault/snapshot-list.js';
import type { SourceRecord } from '../../vault/snapshot.js';
import type { SourceKind } from '../../sources/source.js';
import type { DiffOutcome } from '../diff/source-diff.js';
import type { DrillStep, StepOf } from '../drills/drill-step.js';
import type { ForgeSandbox } from '../drills/sandbox.js';
import type { ForgeRestore } from '../restore/forge-restore.js';

/** One source of a diff: in the earlier snapshot (sa), in the later one (sb), or live (no b). */
export interface DiffSides {
  reader: VaultReader;
  a: SnapshotInfo;
  b?: SnapshotInfo;
  name: string;
  sa?: SourceRecord;
  sb?: SourceRecord;
}

/** One source a drill restores and verifies, in a folder sandbox and, for a forge, a sandbox account. */
export interface DrillSubject {
  reader: VaultReader;
  snap: SnapshotInfo;
  record: SourceRecord;
  sandbox: string;
  forge?: ForgeSandbox;
  step: StepOf;
  /** Aborted when the step has taken the scenario's whole RTO target: the restore stops and cleans up. */
  signal?: AbortSignal;
}

/**
 * What the operator's verbs do with one kind of source, beside what `sources/` does to back it up
 * and says of its records (`SourceType`: how Browse opens it, what its counts compare). The verbs dispatch through the registry (`registry.ts`), never on the kind
 * themselves: a new kind of source is one more entry there and here.
 */
export interface KindOps {
  readonly kind: SourceKind;
  /** Its changes from one snapshot to a later one, or to its live state on this machine or forge. */
  diff(sides: DiffSides): Promise<DiffOutcome>;
  /** Restores it into the drill's sandbox and verifies it: the drill step's result. */
  drill(subject: DrillSubject): Promise<DrillStep>;
  /** Why a selection of it is not put back where the snapshot found it, in a sentence; absent when it is (a dir source's live folder). */
  readonly notInPlace?: string;
  /** A forge kind's context put back into the forge (plan, apply, verify, its words): `restore-<kind>` and the console's forge plans. */
  readonly forge?: ForgeRestore;
}

/** A source that is new in the later snapshot: what it holds is in that snapshot, not a change of anything before. */
export const newInLater = ({ b }: DiffSides): DiffOutcome => ({ status: 'added', note: `new in snapshot ${b!.id}`, changes: [] });
