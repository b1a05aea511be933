import type { Command } from 'commander';
import type { HostContext } from '../../host/context.js';
import { applyGithubRestore, planGithubRestore } from '../../ops/restore/restore-github.js';
import { parseSnapshotRef } from '../../ops/snapshot-ref.js';
import { operatorSnapshot } from '../chosen-snapshot.js';
import { BulkheadError } from '../../util/errors.js';
import { operatorOptions, withReader, type OperatorOptions } from '../session.js';
import { printJson, say } from '../output.js';

/** `restore-github SNAP:NAME`: put a GitHub source's context back into GitHub, with a plan, a typed confirmation and a read-back. */
export function registerRestoreGithub(program: Command, host: HostContext): void {
  operatorOptions(program.command('restore-github').description("put back a GitHub source's context (deleted repositories, protections, environments, variables…) into GitHub").argument('<ref>', 'SNAPSHOT:NAME of a github source'))
    .option('--only <what>', 'OWNER/REPO, or OWNER/REPO:TARGET (a branch, environment or variable name); repeatable', (v: string, p: string[]) => [...p, v], [])
    .option('--dry-run', 'print the plan and change nothing')
    .option('--confirm <owner>', "the account's name, typed, to apply the plan")
    .option('--token-env <var>', 'environment variable holding the operator token that may write (never stored)', 'GITHUB_RESTORE_TOKEN')
    .action(async (ref: string, opts: OperatorOptions & { only: string[]; dryRun?: boolean; confirm?: string; tokenEnv: string }) => {
      const { snapshot: spec, path } = parseSnapshotRef(ref);
      if (!path || path.includes('/')) throw new BulkheadError('USAGE', 'name the GitHub source: SNAPSHOT:NAME (e.g. latest:acme)');
      const token = process.env[opts.tokenEnv];
      if (!token) throw new BulkheadError('USAGE', `set ${opts.tokenEnv} to a token that may administer the repositories (used for this restore only, never stored)`);
      await withReader(host, opts, async (reader) => {
        const snapshot = await operatorSnapshot(reader, spec);
        const { plan, docs } = await planGithubRestore({ reader, snapshot, name: path, token, only: opts.only });
        if (opts.dryRun || !opts.confirm) {
          if (opts.json) return printJson({ dryRun: true, plan });
          say(`Plan: ${plan.steps.length} changes to put back into GitHub ${plan.owner} from snapshot ${plan.snapshot}:${plan.source}`);
          for (const s of plan.steps) say(`  ${s.change.type} ${s.change.scope}${s.change.target ? ` ${s.change.target}` : ''}: ${s.does}${s.cannot ? ` (cannot restore as it was: ${s.cannot})` : ''}`);
          for (const c of plan.notRestorable) say(`  not restored: ${c.type} ${c.scope}${c.target ? ` ${c.target}` : ''}${c.note ? ` — ${c.note}` : ''}`);
          say(opts.dryRun ? 'Nothing was changed (dry run).' : `Nothing was changed. To apply, run again with --confirm ${plan.confirm}`);
          return;
        }
        const result = await applyGithubRestore({ reader, plan, docs, token, confirm: opts.confirm, writeIntervalMs: Number(process.env.BULKHEAD_GITHUB_WRITE_INTERVAL_MS ?? 1000) });
        if (opts.json) printJson(result);
        else {
          for (const d of result.done) {
            say(`  ${d.verified ? 'restored, verified' : 'NOT restored'}: ${d.change.type} ${d.change.scope}${d.change.target ? ` ${d.change.target}` : ''}${d.error ? ` — ${d.error}` : ''}`);
            for (const n of d.notes ?? []) say(`    not as it was: ${n}`);
          }
          for (const c of result.remaining) say(`  still differs: ${c.type} ${c.scope}${c.target ? ` ${c.target}` : ''}${c.note ? ` — ${c.note}` : ''}`);
        }
        const failed = result.done.filter((d) => !d.verified);
        if (failed.length > 0) throw new BulkheadError('RESTORE_INCOMPLETE', `${failed.length} of ${result.done.length} changes were not restored or did not read back as in the snapshot`);
      });
    });
}
