import { afterAll, beforeAll } from 'vitest';
import { appendFileSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';

/**
 * Setup file, active only when BULKHEAD_TEST_CPU_LOG names a file: appends one JSON line per test
 * file with the CPU seconds (user+sys) its worker process and the children it waited for (the CLI,
 * git, Chromium) used, its wall seconds and when it ended (Unix seconds: with `wall`, which files ran
 * side by side). What the S3 server spends is not in it. For finding where
 * a run's CPU goes on a 2-core machine, where wall time mostly measures the neighbours.
 * `process` is what the worker spent before this file: its own start for the first file of a worker,
 * the time between files (vitest's own work) for the files after it in a reused worker. In the unit
 * threads, which share one process, the figures are the whole process's and say little per file.
 */
const log = process.env.BULKHEAD_TEST_CPU_LOG;
if (log) {
  const ticks = (): number[] => readFileSync('/proc/self/stat', 'utf8').replace(/^.*\) /, '').split(' ').slice(11, 15).map(Number);
  const worker = globalThis as { __bulkheadCpuAfterLastFile?: number[] };
  const start = ticks();
  const before = worker.__bulkheadCpuAfterLastFile ?? [0, 0, 0, 0];
  const [u0, s0] = start.map((t, i) => (t - before[i]!) / 100);
  const t0 = performance.now();
  let file = '';
  beforeAll((suite) => {
    file = relative(process.cwd(), suite.file.filepath);
  });
  afterAll(() => {
    const end = ticks();
    worker.__bulkheadCpuAfterLastFile = end;
    const [u, s, cu, cs] = end.map((t, i) => (t - start[i]!) / 100);
    appendFileSync(log, JSON.stringify({ file, self: +(u! + s!).toFixed(2), children: +(cu! + cs!).toFixed(2), wall: +((performance.now() - t0) / 1000).toFixed(1), end: Math.round(Date.now() / 1000), process: +(u0! + s0!).toFixed(2) }) + '\n');
  });
}
