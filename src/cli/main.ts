import { Command } from 'commander';
import type { HostContext } from '../host/context.js';
import { AGENT_VERSION } from '../vault/agent-version.js';
import { hostSource } from './lazy-action.js';
import { registerKeys } from './commands/keys.js';
import { registerVault } from './commands/vault.js';
import { registerBackup } from './commands/backup.js';
import { registerSnapshots } from './commands/snapshots.js';
import { registerLs } from './commands/ls.js';
import { registerRestore } from './commands/restore.js';
import { registerDiff } from './commands/diff.js';
import { registerCheck } from './commands/check.js';
import { registerDemo } from './commands/demo.js';
import { registerPosture } from './commands/posture.js';
import { registerConsole } from './commands/console.js';
import { registerDrill } from './commands/drill.js';
import { registerRestoreForges } from './commands/restore-forge.js';
import { quietOnClosedPipe } from './output.js';
import { EXIT } from './exit-codes.js';
import { describeError, wantsJson, writeError } from './report-error.js';

/**
 * The verbs as commander knows them: names, arguments, options, help. Only this loads at start-up;
 * each verb's code is loaded when it runs (lazy-action.ts), the host too (`given`: a test's own).
 * `json`: under --json, commander's own messages stay quiet and main() writes the error as JSON.
 */
export function buildProgram(given?: HostContext, opts: { json?: boolean } = {}): Command {
  const host = hostSource(given);
  const program = new Command('bulkhead')
    .description('Immutable, encrypted backups of repos, pipelines and configs that an agent with production credentials cannot destroy or read')
    .version(AGENT_VERSION)
    .option('--debug', 'show stack traces of errors')
    .exitOverride();
  // Set before the verbs are added: each copies its parent's output settings when it is made.
  if (opts.json) program.configureOutput({ outputError: () => {}, writeErr: () => {} });
  else program.showHelpAfterError('(run with --help for usage)');
  registerKeys(program);
  for (const register of [registerVault, registerBackup, registerSnapshots, registerLs, registerRestore, registerDiff, registerCheck, registerPosture, registerConsole, registerDrill, registerRestoreForges]) {
    register(program, host);
  }
  registerDemo(program);
  for (const cmd of program.commands) setExitOverride(cmd);
  return program;
}

function setExitOverride(cmd: Command): void {
  cmd.exitOverride();
  for (const sub of cmd.commands) setExitOverride(sub);
}

/**
 * Runs the CLI and returns its exit code: 0 success, 2 usage, and the codes of exit-codes.ts for
 * each kind of failure, mapped here from the error's typed code. One sentence per error (JSON under
 * --json); --debug shows the stack.
 */
export async function main(argv: string[]): Promise<number> {
  quietOnClosedPipe();
  const json = wantsJson(argv);
  const program = buildProgram(undefined, { json });
  try {
    await program.parseAsync(argv);
    return EXIT.OK;
  } catch (e) {
    const report = describeError(e);
    writeError(report, { json, debug: argv.includes('--debug') });
    return report.status;
  }
}
