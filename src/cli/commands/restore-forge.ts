import type { Command } from 'commander';
import type { ForgeKind, ForgeWords } from '../../ops/restore/forge-restore.js';
import { GITHUB_WORDS, GITLAB_WORDS } from '../../ops/restore/forge-words.js';
import { lazyAction, type HostSource } from '../lazy-action.js';
import { collect, operatorOptions } from '../operator-options.js';

/**
 * The forge restores of ops/kinds/registry.ts, by kind with the words they are shown with (plain
 * data, ops/restore/forge-words.ts): declared here so that `--help` and usage errors do not load the
 * forge clients. forge-verbs.test.ts holds this list to the registry's (a new forge kind fails it
 * until it is added here).
 */
export const FORGE_VERBS: readonly { kind: ForgeKind; words: ForgeWords }[] = [
  { kind: 'github', words: GITHUB_WORDS },
  { kind: 'gitlab', words: GITLAB_WORDS },
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
      .option('--allow-pipeline-changes', "push a recreated repository's refs that carry pipelines (the new repository runs none yet: they run on the push, with the account's secrets)")
      .option('--max-writes <n>', `plan steps while their write calls fit this many (the rest are held back, each saying its count); a snapshot's documents are its writer's word`, (v) => Number.parseInt(v, 10), 10_000)
      .option(`--confirm <${w.confirm.arg}>`, `${w.confirm.what}, typed, to apply the plan`)
      .option('--token-env <var>', `environment variable holding ${w.token.holds} (never stored)`, w.token.env)
      .action(lazyAction(host, async () => (await import('../actions/restore-forge.js')).forgeRestoreRun(kind)));
  }
}
