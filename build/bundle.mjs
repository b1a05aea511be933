// Bundles the CLI into one ESM file (fast start-up: one module to load instead of hundreds).
// npm runs this on install ("prepare"), so `npx bulkhead` works right after `npm ci`.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
await build({
  entryPoints: [`${root}src/cli/bin.ts`],
  outfile: `${root}build/out/cli.mjs`,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
});
