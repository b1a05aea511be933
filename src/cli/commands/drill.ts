import { Argument, type Command } from 'commander';
import { lazyAction, lazyHostless, type HostSource } from '../lazy-action.js';
import { operatorOptions } from '../operator-options.js';

export function registerDrill(program: Command, host: HostSource): void {
  const drill = program.command('drill').description('disaster-recovery drills: restore into a sandbox, verify, measure RTO and RPO, keep a signed report in the vault');
  drill
    .command('scenarios')
    .description('list the shipped scenarios')
    .option('--json', 'machine-readable output')
    .action(lazyHostless(async () => (await import('../actions/drill-scenarios.js')).runScenarios));

  // The shipped scenarios are named in `drill run --help`: listed when `drill` is the verb (the hook
  // runs before `drill run --help` and `drill help run` alike), not at every start.
  const scenario = new Argument('<scenario>', 'a shipped scenario or a YAML file');
  program.hook('preSubcommand', async (_program, verb) => {
    if (verb !== drill) return;
    const { shippedScenarios } = await import('../../ops/drills/scenario.js');
    scenario.description = `a shipped scenario (${shippedScenarios().join(', ')}) or a YAML file`;
  });
  operatorOptions(drill.command('run').description('run a scenario: restore what it names into a sandbox, verify, measure, sign and store the report'))
    .addArgument(scenario)
    .option('--snapshot <id>', 'the snapshot to recover from', 'latest')
    .option('--sandbox <dir>', 'a new or empty folder to restore into (default: a new temporary folder)')
    .option('--incident <time>', 'when the incident happened, for the RPO (default: now)')
    .option('--containment-confirmed', "the scenario's containment steps were done (recorded in the report)")
    .option('--report-dir <dir>', 'also write the report as JSON, HTML and PDF here')
    .option('--sandbox-org <name>', 'an empty scratch GitHub organisation, or GitLab group (full path), to recreate forge sources in (never the production one)')
    .option('--sandbox-url <api>', "the sandbox's API base (default: the source's)")
    .option('--sandbox-token-env <var>', 'environment variable holding a token that may create repositories or projects in the sandbox (never stored)', 'BULKHEAD_SANDBOX_TOKEN')
    .action(lazyAction(host, async () => (await import('../actions/drill.js')).runDrill));

  drill
    .command('verify')
    .description("check a drill report: signed by the vault's custody key, and the same bytes locked in the vault")
    .argument('<report>', 'the report JSON (from --report-dir), or its key in the vault (drills/…)')
    .requiredOption('--store <url>', 'the vault')
    .option('--json', 'machine-readable output')
    .action(lazyAction(host, async () => (await import('../actions/drill-verify.js')).runVerify));
}
