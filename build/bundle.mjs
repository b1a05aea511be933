// Bundles the CLI into one ESM file (fast start-up: one module to load instead of hundreds).
// npm runs this on install ("prepare"), so `npx bulkhead` works right after `npm ci`.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { copyFileSync, cpSync, mkdirSync, rmSync } from 'node:fs';

const root = fileURLToPath(new URL('..', import.meta.url));
rmSync(`${root}build/out`, { recursive: true, force: true }); // no stale chunks from an earlier build
await build({
  // The pack worker is a second entry: worker threads load it from beside cli.mjs.
  // The Electron main process and the core's utility process share the core's chunks (electron
  // itself stays external).
  entryPoints: {
    cli: `${root}src/cli/bin.ts`,
    'pack-worker': `${root}src/vault/pack-worker.ts`,
    'electron-main': `${root}electron/main.ts`,
    'core-process': `${root}electron/core-process.ts`,
  },
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

// Shipped drill scenarios: read at run time from beside the code that loads them.
cpSync(`${root}src/ops/drills/scenarios`, `${root}build/out/scenarios`, { recursive: true });

// The console's renderer: one script and one stylesheet, served by `console --web` and loaded by Electron.
const ui = `${root}build/out/renderer`;
mkdirSync(ui, { recursive: true });
await build({
  entryPoints: { app: `${root}renderer/src/main.tsx` },
  outdir: ui,
  bundle: true,
  platform: 'browser',
  format: 'esm',
  target: 'chrome120',
  jsx: 'automatic',
  minify: true,
  sourcemap: 'linked',
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
});
copyFileSync(`${root}renderer/index.html`, `${ui}/index.html`);
copyFileSync(`${root}renderer/styles.css`, `${ui}/app.css`);

// The sandboxed preload: one CommonJS file, only `electron` left to require.
await build({
  entryPoints: { preload: `${root}electron/preload.ts` },
  outdir: `${root}build/out`,
  outExtension: { '.js': '.cjs' },
  bundle: true,
  platform: 'browser',
  format: 'cjs',
  target: 'chrome120',
  external: ['electron'],
  minify: true,
  logLevel: 'warning',
});
