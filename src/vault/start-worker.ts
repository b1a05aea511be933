import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * A worker's young generation: the vault's workers keep almost nothing alive (a few MB of heap),
 * and V8's default let each grow to ~26 MB of semi-spaces; at 3 MB, 11 MB each, for no CPU (#14).
 */
const WORKER_LIMITS = { resourceLimits: { maxYoungGenerationSizeMb: 3 } };

/**
 * Starts one of the vault's worker entries. The bundled CLI ships `NAME.mjs` beside its chunks
 * (build/bundle.mjs). From the TypeScript source (tests, tsx), the test run's own build of the
 * entries when it made one (BULKHEAD_TEST_WORKERS: test/setup/worker-entries.ts), else the source
 * through tsx (~0.6 CPU s a worker to register it and transform again).
 */
export function startWorker(name: 'pack-worker' | 'restore-worker'): Worker {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new Worker(new URL(`./${name}.mjs`, here), WORKER_LIMITS);
  const built = process.env.BULKHEAD_TEST_WORKERS;
  if (built) return new Worker(pathToFileURL(join(built, `${name}.mjs`)), WORKER_LIMITS);
  const source = new URL(`./${name}.ts`, here).href;
  return new Worker(`import('tsx/esm/api').then((t) => { t.register(); return import(${JSON.stringify(source)}); })`, { eval: true, ...WORKER_LIMITS });
}
