import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { SlowestFirstSequencer } from './test/setup/sequencer.js';

/**
 * Three projects; `vitest run` (npm test) runs them all, `--project NAME` one of them.
 * - unit: beside the code (and test/docs), in-process, no S3 server and no bundle; its files share
 *   worker threads (below), but for the few in unit-process.
 * - integration: the real CLI (bundled once per run), real git and the real S3 server with Object
 *   Lock (test/contract, test/integration, test/packaging, test/deploy).
 * - e2e: the console served by `bulkhead console --web`, driven through Debian's Chromium (one for
 *   the run, test/setup/chromium.ts; a browser context per file).
 * Every project runs test/setup/tmp-root.ts (one temp folder per run, removed at its end, TMPDIR for
 * everything the tests start), test/setup/worker-entries.ts (the vault's worker threads built once for
 * the run, not registered with tsx in each), test/setup/env-per-file.ts (each file starts from its worker's
 * environment, not one a file before it changed), test/setup/tmp-per-file.ts (one per test file, removed after it) and
 * test/setup/yield-between-tests.ts (answers vitest's RPC between tests: no onTaskUpdate timeout),
 * test/setup/buffer-equality.ts (toEqual compares byte arrays with Buffer.compare);
 * with BULKHEAD_TEST_CPU_LOG=FILE, test/setup/cpu-per-file.ts writes each file's CPU seconds there.
 */
const WORKERS = Math.max(4, availableParallelism() + 2);
/**
 * The unit files' threads live in vitest's own process, and every git a unit test starts is a fork
 * of it: the kernel copies its page tables and, until the child has exec'd, each page a thread
 * writes takes a copy-on-write fault (a third of that process's CPU in `perf`). Each thread adds its
 * heap to what is copied and its writes to what faults. The unit project alone on 2 cores, quiet
 * machine: 4 threads 56 s wall, 102 CPU s; 3: 45 s, 78; 2: 44 s, 72; 1: 49 s, 51. In a whole run
 * the cores are busy anyway, so the CPU is what counts: one thread.
 */
const UNIT_THREADS = 1;
const NO_CORE_PROBE = fileURLToPath(new URL('./test/setup/no-core-probe.mjs', import.meta.url));
/** Unit files run in a process of their own (project unit-process), not in the shared threads. */
const OWN_PROCESS = ['src/crypto/kdf-calibrate.test.ts'];

const shared = {
  setupFiles: ['test/setup/env-per-file.ts', 'test/setup/tmp-per-file.ts', 'test/setup/yield-between-tests.ts', 'test/setup/cpu-per-file.ts', 'test/setup/buffer-equality.ts'],
};

export default defineConfig({
  test: {
    // vitest's default is one worker fewer than the cores: one on a 2-core machine, which left the
    // second core idle while a test waited on its CLI, git or S3 child. The tests wait more than
    // they compute (a full run used one core on average with two files at a time): three files at
    // a time on 2 cores took the integration project from ~10 to under 7 minutes, e2e from ~4 to 3;
    // four (cores + 2) took a whole run from 655 to 600 s (unit and integration 431 -> 413 s, e2e
    // 215 -> 177 s), and with four the machine is busy end to end (vmstat: ~95%): more would only
    // share the same cores.
    maxWorkers: WORKERS,
    // Slowest files first, by the seconds test/setup/slow-files.ts lists (measured on the 2-core CI
    // machine; a file not listed is guessed from its size): with four workers the run then ends on
    // short files side by side, not on one long file started late. vitest's own order needs its
    // results cache, which CI's clean clone has not, and falls back to file size, which started the
    // slowest integration file (github-backup, 6 kB) after most others. Applies within each group:
    // unit and integration share the first, e2e is the second.
    sequence: { sequencer: SlowestFirstSequencer },
    // The unit project's files share worker threads (isolate: false): starting a process per file
    // (71 files) and loading vitest and the modules again in each cost ~100 CPU seconds a run, the
    // tests themselves ~40. The other projects keep a process per file (forks, isolated): their files
    // start servers, set TMPDIR and the forge tokens. minThreads = maxThreads: with fewer, tinypool
    // retires workers that go idle (above its minimum), and in runs without isolation the last files'
    // results were lost that way ("Terminating worker thread": the run failed with every test passed;
    // as forks, the retired worker process was left spinning on its closed channel); with none ever
    // retired, it did not happen.
    // The forked processes of the other projects stay one per file. Reusing them (forks isolate:
    // false, minForks = maxForks) was measured twice: it saves a file's start, ~0.35 CPU s (vitest
    // still evaluates each file's modules afresh), but a worker grown by the files before makes every
    // fork of git or the CLI dearer; 8 spawn-heavy integration files in one worker on a quiet machine
    // took 60.9 and 70.1 CPU s reused against 63.5 and 65.5 isolated; a whole run with it took
    // 10 min 2 s (195 files, 741 CPU s; without it, twenty commits earlier, 188 files: 7:56 and 8:41,
    // 698 and 762 CPU s). Not kept. With vitest's default minimum (one fork on 2 cores) a run lost a
    // file to "Terminating worker thread" and left the retired forks spinning on their closed channel
    // after the run (orphans at ~17% CPU each, found 30 minutes later); an earlier try ended with
    // unattributed 'Timeout calling "onTaskUpdate"' errors, likely the same.
    // Each forked worker preloads test/setup/no-core-probe.mjs: tinypool's import-time count of
    // physical cores ran two shell pipelines (~12 processes, ~0.15 CPU s) in every test file's process.
    poolOptions: { threads: { isolate: false, minThreads: UNIT_THREADS, maxThreads: UNIT_THREADS }, forks: { execArgv: ['--import', NO_CORE_PROBE] } },
    projects: [
      {
        test: {
          ...shared,
          name: 'unit',
          pool: 'threads',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          include: ['src/**/*.test.ts', 'electron/**/*.test.ts', 'renderer/src/**/*.test.ts', 'test/docs/**/*.test.ts', 'test/shape/**/*.test.ts', 'test/setup/**/*.test.ts'],
          exclude: OWN_PROCESS,
          globalSetup: ['test/setup/tmp-root.ts', 'test/setup/worker-entries.ts'],
        },
      },
      {
        // Unit files that need a process of their own: the scrypt calibration times scrypt on libuv's
        // thread pool, which the unit threads share (their fs and crypto queued ahead made 50 ms and
        // 3 s calibrate alike in a full run).
        test: {
          ...shared,
          name: 'unit-process',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          include: OWN_PROCESS,
          globalSetup: ['test/setup/tmp-root.ts', 'test/setup/worker-entries.ts'],
        },
      },
      {
        test: {
          ...shared,
          name: 'integration',
          // Files run four at a time on a 2-core machine: a CLI run, git or the S3 server is busy while
          // the others wait on their child processes; room for a loaded machine.
          testTimeout: 120_000,
          hookTimeout: 120_000,
          include: ['test/contract/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/packaging/**/*.test.ts', 'test/deploy/**/*.test.ts'],
          globalSetup: ['test/setup/tmp-root.ts', 'test/setup/worker-entries.ts', 'test/setup/bundle.ts', 'test/setup/s3.ts'],
          // Its JSON schema is imported without an import attribute, which Node's own loader refuses.
          server: { deps: { inline: ['@actions/workflow-parser'] } },
        },
      },
      {
        test: {
          ...shared,
          name: 'e2e',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // After the other projects, never beside them: Chromium and the console's unlock (scrypt)
          // sharing the cores with integration tests missed the e2e waits (9 of 16 failed in one run).
          sequence: { groupOrder: 1 },
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/setup/tmp-root.ts', 'test/setup/worker-entries.ts', 'test/setup/bundle.ts', 'test/setup/s3.ts', 'test/setup/chromium.ts'],
        },
      },
    ],
  },
});
