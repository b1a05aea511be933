import { build } from 'esbuild';
import { cpSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { processAlive } from './process-alive.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const CACHE = join(root, 'node_modules', '.cache', 'bulkhead-test-workers');

/**
 * Global setup (every project): the vault's worker entries (pack-worker, restore-worker) and the
 * console's core process built once per run from their TypeScript source by esbuild, as tsx would
 * transform them, into one folder named by BULKHEAD_TEST_WORKERS, which src/vault/start-worker.ts
 * starts the workers from when it runs from source, and electron/core-client.test.ts forks the core
 * from. Each worker used to register tsx itself and transform its modules again (~0.5–0.7 CPU s and
 * ~1 s a worker on the 2-core machine, per pack lane of every backup a test runs in-process), each
 * core ~2 CPU s; the built entries start in a fraction of that. Packages stay external (resolved from node_modules,
 * which is why the folder is under node_modules/.cache). Not in watch mode: a source edited during
 * the run must reach the workers, so they keep going through tsx there.
 */
export default async function setup(project: TestProject): Promise<(() => void) | undefined> {
  if (process.env.BULKHEAD_TEST_WORKERS || project.config.watch) return undefined; // another project of this run built them
  mkdirSync(CACHE, { recursive: true });
  for (const name of readdirSync(CACHE)) {
    const pid = /^run-(\d+)$/.exec(name)?.[1];
    if (pid && !processAlive(Number(pid))) rmSync(join(CACHE, name), { recursive: true, force: true });
  }
  const out = join(CACHE, `run-${process.pid}`);
  await build({
    // The console's core too, for electron/core-client.test.ts: its worker threads are these, beside it.
    entryPoints: { 'pack-worker': join(root, 'src/vault/pack-worker.ts'), 'restore-worker': join(root, 'src/vault/restore-worker.ts'), 'core-process': join(root, 'electron/core-process.ts') },
    outdir: out,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'linked', // read only with --enable-source-maps: not loaded with the code
    logLevel: 'warning',
  });
  // The shipped drill scenarios, read from beside the code that loads them (as build/bundle.mjs copies them).
  cpSync(join(root, 'src/ops/drills/scenarios'), join(out, 'scenarios'), { recursive: true });
  process.env.BULKHEAD_TEST_WORKERS = out;
  return () => {
    delete process.env.BULKHEAD_TEST_WORKERS;
    rmSync(out, { recursive: true, force: true });
  };
}
