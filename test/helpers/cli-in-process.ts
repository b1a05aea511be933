import type { CliResult } from './cli.js';

let queue: Promise<unknown> = Promise.resolve();

/**
 * The CLI's own main() in this test process, as a run of `bulkhead ARGS` from `dir` with exactly
 * `env` would go (the working folder and the environment are swapped in for the run and put back
 * after; its stdout and stderr captured, its exit code returned). A spawned `bulkhead` costs a Node
 * start and the bundle's loading, ~0.3 CPU s here, for a `snapshots` that then takes ~0.02 s: for
 * files whose subject is what the verbs do, not the process boundary (exit codes on a real process,
 * signals, the bundle, concurrent processes stay spawned: CliWorkspace.run). Runs one at a time
 * (cwd and env are the process's). What the modules keep between calls (caches by vault) is shared
 * with the calls before, as in the console, not as in separate runs.
 */
export function runInProcess(dir: string, env: NodeJS.ProcessEnv, args: string[]): Promise<CliResult> {
  const run = async (): Promise<CliResult> => {
    const cwd = process.cwd();
    const saved = { ...process.env };
    const setEnv = (to: NodeJS.ProcessEnv) => {
      for (const key of Object.keys(process.env)) if (!(key in to)) delete process.env[key];
      Object.assign(process.env, to);
    };
    // Loaded on the first run only: the files that never run the CLI here do not load it.
    const { runMain } = await import('./cli-errors.js');
    process.chdir(dir);
    setEnv(env);
    try {
      return await runMain(args);
    } finally {
      process.chdir(cwd);
      setEnv(saved);
    }
  };
  const result = queue.then(run, run);
  queue = result.catch(() => undefined);
  return result;
}
