import { Command, CommanderError } from 'commander';
import { defaultHost, type HostContext } from '../host/context.js';
import { isBulkheadError } from '../util/errors.js';
import { AGENT_VERSION } from '../vault/writer.js';
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
import { registerRestoreGithub } from './commands/restore-github.js';
import { quietOnClosedPipe } from './output.js';

export function buildProgram(host: HostContext): Command {
  const program = new Command('bulkhead')
    .description('Immutable, encrypted backups of repos, pipelines and configs that an agent with production credentials cannot destroy or read')
    .version(AGENT_VERSION)
    .option('--debug', 'show stack traces of errors')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  for (const register of [registerKeys, registerVault, registerBackup, registerSnapshots, registerLs, registerRestore, registerDiff, registerCheck, registerPosture, registerConsole, registerDrill, registerRestoreGithub]) {
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

/** Exit codes: 0 success, 1 failure, 2 usage. One sentence per error; --debug shows the stack. */
export async function main(argv: string[]): Promise<number> {
  quietOnClosedPipe();
  const program = buildProgram(defaultHost());
  const debug = argv.includes('--debug');
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.exitCode === 0 ? 0 : 2;
    }
    if (isBulkheadError(e)) {
      process.stderr.write(`bulkhead: ${e.message}\n`);
      if (debug) process.stderr.write(`${e.stack ?? ''}\n`);
      return e.code === 'USAGE' ? 2 : 1;
    }
    if (e instanceof Error && e.name === 'ExitPromptError') {
      process.stderr.write('bulkhead: cancelled\n');
      return 1;
    }
    const err = e as NodeJS.ErrnoException;
    const where = err.path ? ` (${err.path})` : '';
    process.stderr.write(`bulkhead: unexpected error${where}: ${err.message ?? String(e)}; rerun with --debug and report it\n`);
    if (debug) process.stderr.write(`${err.stack ?? ''}\n`);
    return 1;
  }
}
