import type { VaultReader } from '../../vault/reader.js';
import { snapshotFor } from '../../ops/snapshot-ref.js';
import { forgeRestoreOf, forgeRestores } from '../../ops/kinds/registry.js';
import { runForgeRestore, type ForgeRestoreResult, type ForgeStepDone } from '../../ops/restore/forge-restore.js';
import { BulkheadError, isBulkheadError } from '../../util/errors.js';
import type { ForgePlan, IssuedForgePlan } from './forge-plans.js';
import type { JobContext } from './jobs.js';
import type { ForgeChange } from '../../sources/forge/forge-change.js';

type Change = Pick<ForgeChange, 'type' | 'scope' | 'target'>;

/** What `only` takes back to plan one change alone. */
export const stepKey = (c: Change) => `${c.scope}:${c.type}:${c.target ?? ''}`;
/** A change in a line: its kind, where, what. */
export const changeLine = (c: Change) => `${c.type} ${c.scope}${c.target ? ` ${c.target}` : ''}`;

/**
 * Whatever a forge call threw, as a BulkheadError whose message never holds the token (a client's
 * error may echo a request): the console log and the UI see only the sentence.
 */
export function scrubbed(e: unknown, token: string): BulkheadError {
  const clean = (s: string) => s.split(token).join('[token]');
  if (isBulkheadError(e)) return new BulkheadError(e.code, clean(e.message));
  const message = e instanceof Error ? e.message : String(e);
  return new BulkheadError('SOURCE_FAILED', `the forge refused or failed: ${clean(message)}`);
}

/** A step's end in words: the write happened unless it failed (a written step that still differs is not "not restored"). */
function outcomeWords(d: ForgeStepDone, forge: string, clean: (s: string) => string): string {
  if (d.outcome === 'verified') return 'read back: as in the snapshot';
  if (d.outcome === 'differs') return `written, but ${forge} still differs when read back: ${clean(d.differs ?? 'unlike the snapshot')}`;
  return `not restored, the step failed: ${clean(d.error ?? 'no reason given')}`;
}

/** The plan of a forge source: its snapshot's documents against the forge now, read with the operator's token. */
export async function planForge(reader: VaultReader, args: { snapshot: string; source: string; only: string[]; token: string }): Promise<{ what: ForgePlan; docs: Map<string, unknown>; time: string }> {
  const snap = await snapshotFor(reader, args.snapshot);
  const forge = forgeRestoreOf(snap.manifest.sources.find((s) => s.name === args.source)?.kind);
  if (!forge) throw new BulkheadError('NOT_FOUND', `snapshot ${snap.id.slice(0, 12)} has no ${forgeRestores().map((f) => f.words.name).join(' or ')} source named "${args.source}"`);
  try {
    const { plan, docs } = await forge.plan({ reader, snapshot: snap.id, name: args.source, token: args.token, only: args.only });
    return { what: { forge, plan }, docs, time: snap.time };
  } catch (e) {
    throw scrubbed(e, args.token);
  }
}

/**
 * Runs an issued plan as a job: every step applied, then the forge read back; each step is
 * verified when its change is gone. Returns what still differs, in a line.
 */
export async function runForge(reader: VaultReader, p: IssuedForgePlan, ctx: JobContext, allowPipelineChanges = false): Promise<string> {
  const { what, docs, token } = p;
  const total = what.plan.steps.length;
  ctx.progress({ phase: `putting back ${total} ${total === 1 ? 'change' : 'changes'}, then reading ${what.forge.words.name} back`, done: 0, total, unit: 'items' });
  let result: ForgeRestoreResult;
  try {
    result = await runForgeRestore(what.forge, { reader, docs, token, plan: what.plan, confirm: what.plan.confirm, allowPipelineChanges });
  } catch (e) {
    throw scrubbed(e, token);
  }
  const clean = (s: string) => s.split(token).join('[token]');
  const forgeName = what.forge.words.name;
  for (const d of result.done) {
    // What the step could not put back as it was (a merged pull request, an invitation instead of a membership…) follows its result.
    const notes = d.notes?.length ? ` — not as it was: ${d.notes.map(clean).join('; ')}` : '';
    ctx.verified({ item: changeLine(d.change), ok: d.verified, outcome: d.outcome, detail: `${outcomeWords(d, forgeName, clean)}${notes}` });
  }
  ctx.progress({ phase: 'verified', done: total, total, unit: 'items' });
  const failed = result.done.filter((d) => d.outcome === 'failed').length;
  const differs = result.done.filter((d) => d.outcome === 'differs').length;
  if (failed + differs > 0) throw new BulkheadError('RESTORE_INCOMPLETE', `of ${total} ${total === 1 ? 'step' : 'steps'}, ${[...(failed > 0 ? [`${failed} failed (not restored)`] : []), ...(differs > 0 ? [`${differs} written but ${forgeName} still differs there when read back`] : [])].join(' and ')}`);
  return `${total} verified; ${result.remaining.length} differences remain (not restorable)`;
}
