import type { VaultReader } from '../../vault/reader.js';
import type { ForgeChange } from '../../sources/forge/forge-change.js';
import { BulkheadError } from '../../util/errors.js';
import { snapshotFor } from '../snapshot-ref.js';
import { readDocuments } from '../../sources/github/read-documents.js';
import type { WriteCount } from '../../sources/github/write-count.js';

/** The kinds of source whose context goes back into a forge account (the API's forge plans name these). */
export type ForgeKind = 'github' | 'gitlab';

/** One change a forge restore puts back: what it does, in words, and what it cannot bring back as it was. */
export interface ForgeStep<C extends ForgeChange = ForgeChange> {
  change: C;
  does: string;
  cannot?: string;
  /** It recreates a repository whose refs carry pipelines ("REF RUNS CI: …"): run only with the operator's consent. */
  runsCi?: string[];
  /** It recreates a repository or project without the access its documents grant (people, keys, hooks): those were not named. */
  withoutGrants?: boolean;
  /** The write calls it makes, at most (counted from the documents: forge-write-budget.ts). */
  writes?: number;
}

/** What a forge restore would do, before anything is written. */
export interface ForgeRestorePlan<C extends ForgeChange = ForgeChange> {
  snapshot: string;
  source: string;
  /** What will be put back, one change each. */
  steps: ForgeStep<C>[];
  /** Changes found that this restore cannot undo, with why. */
  notRestorable: C[];
  /** The operator types this to confirm: the account's name or the group's full path. */
  confirm: string;
  /** The write calls all the steps make, at most, and those that create content: said before the operator confirms. */
  writes?: WriteCount;
}

/**
 * How one step ended, read back from the forge: `verified`, written and as in the snapshot;
 * `differs`, written without error but the forge still differs there (the write happened: saying
 * "not restored" would tell the operator nothing changed); `failed`, it raised an error (what it
 * wrote before, if anything, is read back like the rest).
 */
export type ForgeStepOutcome = 'verified' | 'differs' | 'failed';

/** One step after the run. */
export interface ForgeStepDone<C extends ForgeChange = ForgeChange> {
  change: C;
  outcome: ForgeStepOutcome;
  /** outcome is `verified`. */
  verified: boolean;
  error?: string;
  /** When it differs: what the forge still has otherwise, read back (fields, with their way when known). */
  differs?: string;
  /** What it could not put back as it was (a merged pull request, an invitation instead of a membership…). */
  notes?: string[];
}

export interface ForgeRestoreResult<C extends ForgeChange = ForgeChange, P extends ForgeRestorePlan<C> = ForgeRestorePlan<C>> {
  plan: P;
  done: ForgeStepDone<C>[];
  /** Differences that remain after the restore, read back from the forge. */
  remaining: C[];
}

export interface ForgePlanRequest {
  reader: VaultReader;
  snapshot: string;
  /** The source's name in the snapshot. */
  name: string;
  /** The operator's token: read and write calls of this restore only, never stored. */
  token: string;
  /** `SCOPE`, `SCOPE:TARGET` or `SCOPE:TYPE:TARGET`: only these changes (all when empty). */
  only?: string[];
  /** Steps are planned while their write calls fit this (DEFAULT_MAX_WRITES); the rest are held back, saying so. */
  maxWrites?: number;
}

export interface ForgeRunArgs<P> {
  reader: VaultReader;
  plan: P;
  docs: Map<string, unknown>;
  token: string;
  /** Milliseconds between two write calls, for a forge that paces them (its default otherwise). */
  writeIntervalMs?: number;
  /**
   * A recreated repository's git data carries pipelines the new, empty repository does not run: the
   * snapshot's writer's, run on the push with the organisation's secrets. Pushed only when allowed.
   */
  allowPipelineChanges?: boolean;
}

/** How the verbs speak of one forge's restore: the CLI's verb and flags, the console's progress, the messages. */
export interface ForgeWords {
  /** The forge's name in sentences: "GitHub". */
  name: string;
  /** What a restore puts back, for the verb's description. */
  putsBack: string;
  /** The forms `--only` takes. */
  only: string;
  /** What the operator types to confirm: `--confirm <arg>`, and it in words ("the account's name"). */
  confirm: { arg: string; what: string };
  /** The variable holding the operator's token by default, what it holds, and what the token may do. */
  token: { env: string; holds: string; may: string };
}

/**
 * The restore of one forge kind's context (a GitHub account, a GitLab group): plan it against the
 * forge now, apply its steps, verify by reading the forge back, and the words it is shown with.
 * Registered per kind in `ops/kinds/registry.ts`; `runForgeRestore` is the one run of all of them.
 */
export interface ForgeRestore<C extends ForgeChange = ForgeChange, P extends ForgeRestorePlan<C> = ForgeRestorePlan<C>> {
  readonly kind: ForgeKind;
  readonly words: ForgeWords;
  /** The account the plan writes into (owner or group path). */
  account(plan: P): string;
  /** The snapshot's documents against the forge now (read with the operator's token); writes nothing. */
  plan(req: ForgePlanRequest): Promise<{ plan: P; docs: Map<string, unknown> }>;
  /** Each step's calls, in order; a step that throws is recorded and the next one still runs. What each could not put back as it was, by step. */
  apply(args: ForgeRunArgs<P>): Promise<Map<ForgeStep<C>, { error?: string; notes?: string[] }>>;
  /** The forge read back: what still differs from the snapshot. */
  verify(args: ForgeRunArgs<P>): Promise<C[]>;
}

/** Whether a change is one `--only` (or the console's step keys) selects. */
export const selectedBy = (c: ForgeChange, only: string[]) => only.length === 0 || only.some((o) => o === c.scope || o === `${c.scope}:${c.target ?? ''}` || o === `${c.scope}:${c.type}:${c.target ?? ''}`);

/**
 * Applies a plan with the operator's token (never stored), then reads the forge back: a step is
 * verified when it raised nothing and its change is gone; whatever still differs is returned.
 */
export async function runForgeRestore<C extends ForgeChange, P extends ForgeRestorePlan<C>>(forge: ForgeRestore<C, P>, args: ForgeRunArgs<P> & { confirm: string }): Promise<ForgeRestoreResult<C, P>> {
  const { plan } = args;
  if (args.confirm !== plan.confirm) throw new BulkheadError('USAGE', `type ${forge.words.confirm.what} to confirm: --confirm ${plan.confirm}`);
  const outcome = await forge.apply(args);
  const remaining = await forge.verify(args);
  const done = plan.steps.map((s): ForgeStepDone<C> => {
    const { error, notes: written } = outcome.get(s) ?? {};
    // What the plan said this restore cannot put back (a webhook's secret, never backed up) is a note, not a difference.
    const said = (r: C) => r.type !== s.change.type && r.note !== undefined && r.note === s.change.note;
    const found = stillDiffers(s.change, remaining);
    const left = found.filter((r) => !said(r));
    const notes = [...(written ?? []), ...found.filter(said).map(differsInWords)];
    const ended: ForgeStepOutcome = error !== undefined ? 'failed' : left.length > 0 ? 'differs' : 'verified';
    return { change: s.change, outcome: ended, verified: ended === 'verified', ...(error !== undefined && { error }), ...(ended === 'differs' && { differs: left.map(differsInWords).join('; ') }), ...(notes.length > 0 && { notes }) };
  });
  return { plan, done, remaining };
}

/**
 * What the forge read back still has otherwise for a step's item: the same change, or another on the
 * same item (a protection put back, but not as recorded, reads as changed, not removed).
 */
function stillDiffers<C extends ForgeChange>(c: C, remaining: C[]): C[] {
  return remaining.filter((r) => r.scope === c.scope && (r.type === c.type ? r.target === c.target : c.target !== undefined && r.target === c.target && r.path === c.path));
}
/** A change in words: its type, the fields that differ and, for a changed setting, each one's way (its note). */
const differsInWords = (r: ForgeChange) => `${r.type}${r.fields?.length ? ` (${r.fields.join(', ')})` : ''}${r.note && /-(changed|weakened)$/.test(r.type) ? `: ${r.note}` : ''}`;

/** Whether `only` names this one change exactly (`SCOPE:TYPE:TARGET`), not through its scope or target alone. */
const namedExactly = (c: ForgeChange, only: string[]) => only.includes(`${c.scope}:${c.type}:${c.target ?? ''}`);

/**
 * Splits what a plan would put back from what it holds back: a change whose restore would lower a
 * protection (`lowers` says what: a repository made public, a branch protection weakened) or give
 * someone access (`grants`: a collaborator, member or team, a deploy key, a webhook's address) is
 * held back unless the operator names it exactly. A snapshot's documents are its writer's word: a
 * hijacked one records its own account as a collaborator the live repository "lost", and the
 * operator's token would add it. A recreated repository or project (`recreates`) is put back
 * without the access its documents grant instead (`withoutGrants`), each then listed as still
 * differing, to be named one by one. A change that sets what CI runs with (`steers`: an Actions or
 * CI/CD variable's value, a pipeline schedule) is held back the same way (round 7). Each held-back
 * change is returned not restorable, its note saying what it would lower, grant or steer and how to name it.
 */
export function holdBackLowering<C extends ForgeChange>(
  changes: C[],
  only: string[],
  lowers: (c: C) => string[],
  grants: (c: C) => string[] = () => [],
  recreates: (c: C) => boolean = () => false,
  steers: (c: C) => string[] = () => [],
): { put: { change: C; lowers: string[]; grants: string[]; steers: string[]; withoutGrants: boolean }[]; held: C[] } {
  const put: { change: C; lowers: string[]; grants: string[]; steers: string[]; withoutGrants: boolean }[] = [];
  const held: C[] = [];
  for (const c of changes) {
    const what = c.restorable ? lowers(c) : [];
    const given = c.restorable ? grants(c) : [];
    const set = c.restorable ? steers(c) : [];
    const named = namedExactly(c, only);
    const name = `--only ${c.scope}:${c.type}:${c.target ?? ''}`;
    if (named || (what.length === 0 && given.length === 0 && set.length === 0)) put.push({ change: c, lowers: what, grants: given, steers: set, withoutGrants: false });
    else if (what.length === 0 && set.length === 0 && recreates(c)) put.push({ change: c, lowers: [], grants: given, steers: [], withoutGrants: true });
    else {
      const would = [...(what.length > 0 ? [`lower ${what.join('; ')}`] : []), ...(given.length > 0 ? [`grant ${given.join('; ')}`] : []), ...(set.length > 0 ? [`set ${set.join('; ')}`] : [])].join(', and ');
      held.push({ ...c, restorable: false, note: `restoring it would ${would}: held back, as what a snapshot records is its writer's word; to restore it anyway name it: ${name}` });
    }
  }
  return { put, held };
}

/** A recreation put back without the access it would grant says so first, and how to include it. */
export function withoutGrants<S extends ForgeStep>(step: S, grants: string[]): S {
  const c = step.change;
  return { ...step, withoutGrants: true, does: `${step.does}; LEAVES OUT the access it would grant (${grants.join('; ')}): each is listed as still differing after it, to be restored by name; or name this step to include them: --only ${c.scope}:${c.type}:${c.target ?? ''}` };
}

/** A step's words with what it lowers (when the operator named it to be restored anyway) and whose access it raises said first. */
export function withLowering<S extends ForgeStep>(step: S, lowers: string[], raises: string[] = [], steers: string[] = []): S {
  const first = [...(lowers.length > 0 ? [`LOWERS ${lowers.join('; ')}`] : []), ...(raises.length > 0 ? [`GRANTS ${raises.join('; ')}`] : []), ...(steers.length > 0 ? [`SETS ${steers.join('; ')}`] : [])];
  return first.length === 0 ? step : { ...step, does: `${first.join('; ')}: ${step.does}` };
}

/** Runs each step in order, recording what it threw and the notes it returned. */
export async function eachStep<S>(steps: S[], run: (step: S) => Promise<string[] | void>): Promise<Map<S, { error?: string; notes?: string[] }>> {
  const out = new Map<S, { error?: string; notes?: string[] }>();
  for (const step of steps) {
    await run(step).then(
      (said) => said && said.length > 0 && out.set(step, { notes: said }),
      (e: unknown) => out.set(step, { error: e instanceof Error ? e.message : String(e) }),
    );
  }
  return out;
}

/** The snapshot's record of a forge source and its documents, or NOT_FOUND saying how to list the sources. */
export async function forgeSource(args: ForgePlanRequest, kind: ForgeKind, forge: string) {
  const snap = await snapshotFor(args.reader, args.snapshot);
  const rec = snap.manifest.sources.find((s) => s.name === args.name && s.kind === kind);
  if (!rec) throw new BulkheadError('NOT_FOUND', `snapshot ${snap.id} has no ${forge} source named "${args.name}"; "bulkhead snapshots" lists its sources`);
  return { snap, locator: rec.locator, docs: await readDocuments(args.reader, rec.root) };
}

/** The locator a plan's source was backed up from (checked against what this machine trusts by the caller). */
export async function plannedLocator(reader: VaultReader, plan: ForgeRestorePlan): Promise<string> {
  const snap = await snapshotFor(reader, plan.snapshot);
  return snap.manifest.sources.find((s) => s.name === plan.source)!.locator;
}
