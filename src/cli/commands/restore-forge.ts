import type { Command } from 'commander';
import type { HostContext } from '../../host/context.js';
import { forgeRestores } from '../../ops/kinds/registry.js';
import { runForgeRestore, type ForgeRestore } from '../../ops/restore/forge-restore.js';
import { parseSnapshotRef } from '../../ops/snapshot-ref.js';
import { operatorSnapshot } from '../chosen-snapshot.js';
import { BulkheadError } from '../../util/errors.js';
import { operatorOptions, withReader, type OperatorOptions } from '../session.js';
import { printJson, say } from '../output.js';

const at = (c: { type: string; scope: string; target?: string }) => `${c.type} ${c.scope}${c.target ? ` ${c.target}` : ''}`;

/**
 * `restore-<kind> SNAP:NAME` for each forge kind the registry (ops/kinds) has: put a GitHub or
 * GitLab source's context back into its forge, with a plan, a typed confirmation and a read-back.
 */
export function registerRestoreForges(program: Command, host: HostContext): void {
  for (const forge of forgeRestores()) registerRestoreForge(program, host, forge);
}

function registerRestoreForge(program: Command, host: HostContext, forge: ForgeRestore): void {
  const w = forge.words;
  operatorOptions(program.command(`restore-${forge.kind}`).description(`put back a ${w.name} source's context (${w.putsBack}) into ${w.name}`).argument('<ref>', `SNAPSHOT:NAME of a ${forge.kind} source`))
    .option('--only <what>', w.only, (v: string, p: string[]) => [...p, v], [])
    .option('--dry-run', 'print the plan and change nothing')
    .option(`--confirm <${w.confirm.arg}>`, `${w.confirm.what}, typed, to apply the plan`)
    .option('--token-env <var>', `environment variable holding ${w.token.holds} (never stored)`, w.token.env)
    .action(async (ref: string, opts: OperatorOptions & { only: string[]; dryRun?: boolean; confirm?: string; tokenEnv: string }) => {
      const { snapshot: spec, path } = parseSnapshotRef(ref);
      if (!path || path.includes('/')) throw new BulkheadError('USAGE', `name the ${w.name} source: SNAPSHOT:NAME (e.g. latest:acme)`);
      const token = process.env[opts.tokenEnv];
      if (!token) throw new BulkheadError('USAGE', `set ${opts.tokenEnv} to a token ${w.token.may} (used for this restore only, never stored)`);
      await withReader(host, opts, async (reader) => {
        const snapshot = await operatorSnapshot(reader, spec, path);
        const { plan, docs } = await forge.plan({ reader, snapshot, name: path, token, only: opts.only });
        if (opts.dryRun || !opts.confirm) {
          if (opts.json) return printJson({ dryRun: true, plan });
          say(`Plan: ${plan.steps.length} changes to put back into ${w.name} ${forge.account(plan)} from snapshot ${plan.snapshot}:${plan.source}`);
          for (const s of plan.steps) say(`  ${at(s.change)}: ${s.does}${s.cannot ? ` (cannot restore as it was: ${s.cannot})` : ''}`);
          for (const c of plan.notRestorable) say(`  not restored: ${at(c)}${c.note ? ` — ${c.note}` : ''}`);
          say(opts.dryRun ? 'Nothing was changed (dry run).' : `Nothing was changed. To apply, run again with --confirm ${plan.confirm}`);
          return;
        }
        const result = await runForgeRestore(forge, { reader, plan, docs, token, confirm: opts.confirm });
        if (opts.json) printJson(result);
        else {
          for (const d of result.done) {
            say(`  ${d.verified ? 'restored, verified' : 'NOT restored'}: ${at(d.change)}${d.error ? ` — ${d.error}` : ''}`);
            for (const n of d.notes ?? []) say(`    not as it was: ${n}`);
          }
          for (const c of result.remaining) say(`  still differs: ${at(c)}${c.note ? ` — ${c.note}` : ''}`);
        }
        const failed = result.done.filter((d) => !d.verified);
        if (failed.length > 0) throw new BulkheadError('RESTORE_INCOMPLETE', `${failed.length} of ${result.done.length} changes were not restored or did not read back as in the snapshot`);
      });
    });
}
