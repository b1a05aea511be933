import type { Command } from 'commander';
import type { HostContext } from '../../host/context.js';
import { applyGitlabRestore, planGitlabRestore } from '../../ops/restore/restore-gitlab.js';
import { parseSnapshotRef } from '../../ops/snapshot-ref.js';
import { operatorSnapshot } from '../chosen-snapshot.js';
import { BulkheadError } from '../../util/errors.js';
import { operatorOptions, withReader, type OperatorOptions } from '../session.js';
import { printJson, say } from '../output.js';

const at = (c: { type: string; scope: string; target?: string }) => `${c.type} ${c.scope}${c.target ? ` ${c.target}` : ''}`;

/** `restore-gitlab SNAP:NAME`: put a GitLab source's context back into GitLab, with a plan, a typed confirmation and a read-back. */
export function registerRestoreGitlab(program: Command, host: HostContext): void {
  operatorOptions(program.command('restore-gitlab').description("put back a GitLab source's context (deleted projects, variables with their values, protected branches, schedules…) into GitLab").argument('<ref>', 'SNAPSHOT:NAME of a gitlab source'))
    .option('--only <what>', 'FULL/PATH of a project or group, or FULL/PATH:TARGET (a branch, variable key, schedule…); repeatable', (v: string, p: string[]) => [...p, v], [])
    .option('--dry-run', 'print the plan and change nothing')
    .option('--confirm <group>', "the group's full path, typed, to apply the plan")
    .option('--token-env <var>', 'environment variable holding the operator token with the api scope (never stored)', 'GITLAB_RESTORE_TOKEN')
    .action(async (ref: string, opts: OperatorOptions & { only: string[]; dryRun?: boolean; confirm?: string; tokenEnv: string }) => {
      const { snapshot: spec, path } = parseSnapshotRef(ref);
      if (!path || path.includes('/')) throw new BulkheadError('USAGE', 'name the GitLab source: SNAPSHOT:NAME (e.g. latest:acme)');
      const token = process.env[opts.tokenEnv];
      if (!token) throw new BulkheadError('USAGE', `set ${opts.tokenEnv} to a token with the api scope that may maintain the group's projects (used for this restore only, never stored)`);
      await withReader(host, opts, async (reader) => {
        const snapshot = await operatorSnapshot(reader, spec);
        const { plan, docs } = await planGitlabRestore({ reader, snapshot, name: path, token, only: opts.only });
        if (opts.dryRun || !opts.confirm) {
          if (opts.json) return printJson({ dryRun: true, plan });
          say(`Plan: ${plan.steps.length} changes to put back into GitLab ${plan.path} from snapshot ${plan.snapshot}:${plan.source}`);
          for (const s of plan.steps) say(`  ${at(s.change)}: ${s.does}${s.cannot ? ` (cannot restore as it was: ${s.cannot})` : ''}`);
          for (const c of plan.notRestorable) say(`  not restored: ${at(c)}${c.note ? ` — ${c.note}` : ''}`);
          say(opts.dryRun ? 'Nothing was changed (dry run).' : `Nothing was changed. To apply, run again with --confirm ${plan.confirm}`);
          return;
        }
        const result = await applyGitlabRestore({ reader, plan, docs, token, confirm: opts.confirm });
        if (opts.json) printJson(result);
        else {
          for (const d of result.done) say(`  ${d.verified ? 'restored, verified' : 'NOT restored'}: ${at(d.change)}${d.error ? ` — ${d.error}` : ''}`);
          for (const c of result.remaining) say(`  still differs: ${at(c)}${c.note ? ` — ${c.note}` : ''}`);
        }
        const failed = result.done.filter((d) => !d.verified);
        if (failed.length > 0) throw new BulkheadError('RESTORE_INCOMPLETE', `${failed.length} of ${result.done.length} changes were not restored or did not read back as in the snapshot`);
      });
    });
}
