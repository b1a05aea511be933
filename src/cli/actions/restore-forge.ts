import type { HostContext } from '../../host/context.js';
import { forgeRestoreOf } from '../../ops/kinds/registry.js';
import { runForgeRestore, type ForgeKind, type ForgeStepDone } from '../../ops/restore/forge-restore.js';
import { parseSnapshotRef } from '../../ops/snapshot-ref.js';
import { operatorSnapshot } from '../chosen-snapshot.js';
import { BulkheadError } from '../../util/errors.js';
import { withReader } from '../session.js';
import type { OperatorOptions } from '../operator-options.js';
import { printJson, say } from '../output.js';
import { writesInWords } from '../../ops/restore/forge-write-budget.js';

const at = (c: { type: string; scope: string; target?: string }) => `${c.type} ${c.scope}${c.target ? ` ${c.target}` : ''}`;

/** One step's outcome in a line: restored and verified; written but the forge still differs (what); or failed (why). */
export function doneLine(d: ForgeStepDone, forge: string): string {
  if (d.outcome === 'verified') return `restored, verified: ${at(d.change)}`;
  if (d.outcome === 'differs') return `written, but ${forge} still differs: ${at(d.change)} — ${d.differs ?? 'read back unlike the snapshot'}`;
  return `NOT restored: ${at(d.change)} — ${d.error ?? 'the step failed'}`; // it raised: not written, or written only in part (read back below)
}

type ForgeFlags = OperatorOptions & { only: string[]; maxWrites?: number; dryRun?: boolean; confirm?: string; tokenEnv: string; allowPipelineChanges?: boolean };

/** `restore-<kind>`: the registry's restore of that forge kind, planned, confirmed, applied and read back. */
export function forgeRestoreRun(kind: ForgeKind): (host: HostContext, ref: string, opts: ForgeFlags) => Promise<void> {
  const forge = forgeRestoreOf(kind);
  if (!forge) throw new Error(`no forge restore for ${kind}`); // FORGE_VERBS and the registry are held together by a test
  const w = forge.words;
  return async (host, ref, opts) => {
    const { snapshot: spec, path } = parseSnapshotRef(ref);
    if (!path || path.includes('/')) throw new BulkheadError('USAGE', `name the ${w.name} source: SNAPSHOT:NAME (e.g. latest:acme)`);
    const token = process.env[opts.tokenEnv];
    if (!token) throw new BulkheadError('USAGE', `set ${opts.tokenEnv} to a token ${w.token.may} (used for this restore only, never stored)`);
    await withReader(host, opts, async (reader) => {
      const snapshot = await operatorSnapshot(reader, spec, path);
      if (opts.maxWrites !== undefined && !(Number.isSafeInteger(opts.maxWrites) && opts.maxWrites >= 0)) throw new BulkheadError('USAGE', '--max-writes takes a whole number of write calls');
      const { plan, docs } = await forge.plan({ reader, snapshot, name: path, token, only: opts.only, ...(opts.maxWrites !== undefined && { maxWrites: opts.maxWrites }) });
      if (opts.dryRun || !opts.confirm) {
        if (opts.json) return printJson({ dryRun: true, plan });
        say(`Plan: ${plan.steps.length} changes to put back into ${w.name} ${forge.account(plan)} from snapshot ${plan.snapshot}:${plan.source}${plan.writes ? `, making at most ${writesInWords(plan.writes)}` : ''}`);
        for (const s of plan.steps) say(`  ${at(s.change)}: ${(s.writes ?? 0) > 100 ? `(${s.writes!.toLocaleString('en-US')} write calls) ` : ''}${s.does}${s.cannot ? ` (cannot restore as it was: ${s.cannot})` : ''}`);
        for (const c of plan.notRestorable) say(`  not restored: ${at(c)}${c.note ? ` — ${c.note}` : ''}`);
        say(opts.dryRun ? 'Nothing was changed (dry run).' : `Nothing was changed. To apply, run again with --confirm ${plan.confirm}`);
        return;
      }
      const result = await runForgeRestore(forge, { reader, plan, docs, token, confirm: opts.confirm, allowPipelineChanges: !!opts.allowPipelineChanges });
      if (opts.json) printJson(result);
      else {
        for (const d of result.done) {
          say(`  ${doneLine(d, w.name)}`);
          for (const n of d.notes ?? []) say(`    not as it was: ${n}`);
        }
        for (const c of result.remaining) say(`  still differs: ${at(c)}${c.note ? ` — ${c.note}` : ''}`);
      }
      const failed = result.done.filter((d) => d.outcome === 'failed').length;
      const differs = result.done.filter((d) => d.outcome === 'differs').length;
      if (failed + differs > 0) throw new BulkheadError('RESTORE_INCOMPLETE', `of ${result.done.length} changes, ${[...(failed > 0 ? [`${failed} failed (not restored)`] : []), ...(differs > 0 ? [`${differs} written but still differing when ${w.name} was read back`] : [])].join(' and ')}`);
    });
  };
}
