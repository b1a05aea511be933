// Bundles the CLI into one ESM file (fast start-up: one module to load instead of hundreds).
// npm runs this on install ("prepare"), so `npx bulkhead` works right after `npm ci`.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { rmSync } from 'node:fs';

const root = fileURLToPath(new URL('..', import.meta.url));
rmSync(`${root}build/out`, { recursive: true, force: true }); // no stale chunks from an earlier build
await build({
  // The pack worker is a second entry: worker threads load it from beside cli.mjs.
  entryPoints: { cli: `${root}src/cli/bin.ts`, 'pack-worker': `${root}src/vault/pack-worker.ts` },
  outdir: `${root}build/out`,
  outExtension: { '.js': '.mjs' },
  splitting: true, // dynamic imports (the AWS SDK, the prompt) stay out of start-up
  chunkNames: 'chunk-[hash]', // beside cli.mjs: pack-worker.mjs is found relative to the code that starts it
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
});
