import type { Command } from 'commander';
import type { ForgeKind, ForgeWords } from '../../ops/restore/forge-restore.js';
import { lazyAction, type HostSource } from '../lazy-action.js';
import { collect, operatorOptions } from '../operator-options.js';

/**
 * The forge restores of ops/kinds/registry.ts, by kind with the words they are shown with: declared
 * here so that `--help` and usage errors do not load the forge clients. forge-verbs.test.ts holds
 * this list to the registry's (a new forge kind fails it until it is added here).
 */
export const FORGE_VERBS: readonly { kind: ForgeKind; words: ForgeWords }[] = [
  {
    kind: 'github',
    words: {
      name: 'GitHub',
      putsBack: 'deleted repositories, protections, environments, variables…',
      only: 'OWNER/REPO, or OWNER/REPO:TARGET (a branch, environment or variable name); repeatable',
      confirm: { arg: 'owner', what: "the account's name" },
      token: { env: 'GITHUB_RESTORE_TOKEN', holds: 'the operator token that may write', may: 'that may administer the repositories' },
    },
  },
  {
    kind: 'gitlab',
    words: {
      name: 'GitLab',
      putsBack: 'deleted projects, variables with their values, protected branches, schedules…',
      only: 'FULL/PATH of a project or group, or FULL/PATH:TARGET (a branch, variable key, schedule…); repeatable',
      confirm: { arg: 'group', what: "the group's full path" },
      token: { env: 'GITLAB_RESTORE_TOKEN', holds: 'the operator token with the api scope', may: "with the api scope that may maintain the group's projects" },
    },
  },
];

/**
 * `restore-<kind> SNAP:NAME` for each forge kind: put a GitHub or GitLab source's context back into
 * its forge, with a plan, a typed confirmation and a read-back (actions/restore-forge.ts).
 */
export function registerRestoreForges(program: Command, host: HostSource): void {
  for (const { kind, words: w } of FORGE_VERBS) {
    operatorOptions(program.command(`restore-${kind}`).description(`put back a ${w.name} source's context (${w.putsBack}) into ${w.name}`).argument('<ref>', `SNAPSHOT:NAME of a ${kind} source`))
      .option('--only <what>', w.only, collect, [])
      .option('--dry-run', 'print the plan and change nothing')
      .option(`--confirm <${w.confirm.arg}>`, `${w.confirm.what}, typed, to apply the plan`)
      .option('--token-env <var>', `environment variable holding ${w.token.holds} (never stored)`, w.token.env)
      .action(lazyAction(host, async () => (await import('../actions/restore-forge.js')).forgeRestoreRun(kind)));
  }
}
