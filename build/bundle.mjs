// Bundles the CLI into one ESM file (fast start-up: one module to load instead of hundreds).
// npm runs this on install ("prepare"), so `npx bulkhead` works right after `npm ci`.
import { build } from 'esbuild';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { copyFileSync, cpSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';

/**
 * Leaves every bare import (a package) external, but for `bundled` (names, or scopes as '@scope/')
 * and what their own code imports: esbuild resolves those from the package that imports them, as
 * Node would, so a package's nested copy of a dependency is the one bundled.
 */
const externalBut = (bundled) => ({
  name: 'external-but',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      const pkg = args.path.startsWith('@') ? args.path.split('/').slice(0, 2).join('/') : args.path.split('/')[0];
      const wanted = bundled.some((name) => (name.endsWith('/') ? pkg.startsWith(name) : pkg === name)) || args.importer.includes('/node_modules/');
      return wanted ? undefined : { path: args.path, external: true };
    });
  },
});

const root = fileURLToPath(new URL('..', import.meta.url));
// Built into a fresh folder, then swapped in by two renames: no stale chunks from an earlier build,
// and a `bulkhead` that is running from build/out meanwhile (a test run, a console) never finds the
// folder half-written or gone.
const final = `${root}build/out`;
const out = `${root}build/out.next-${process.pid}`;
rmSync(out, { recursive: true, force: true });
await build({
  // The pack and restore workers are entries of their own: worker threads load them from beside cli.mjs.
  // The Electron main process and the core's utility process share the core's chunks (electron
  // itself stays external).
  entryPoints: {
    cli: `${root}src/cli/bin.ts`,
    'pack-worker': `${root}src/vault/pack-worker.ts`,
    'restore-worker': `${root}src/vault/restore-worker.ts`,
    'electron-main': `${root}electron/main.ts`,
    'core-process': `${root}electron/core-process.ts`,
  },
  outdir: out,
  outExtension: { '.js': '.mjs' },
  splitting: true, // dynamic imports (the AWS SDK, the prompt) stay out of start-up
  chunkNames: 'chunk-[hash]', // beside cli.mjs: pack-worker.mjs is found relative to the code that starts it
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Every dependency stays a package of its own, but for the few every verb loads at start and the
  // AWS SDK: bundled, they are read and compiled as part of the chunks instead of resolved and loaded
  // file by file. The SDK is ~300 CommonJS modules that Node resolved, read, scanned for ESM syntax
  // and pre-parsed for their exports one by one on every call that opens an S3 store (its chunk is
  // still loaded only then: the dynamic import above).
  plugins: [externalBut(['zod', 'commander', 'picomatch', '@scure/base', '@aws-sdk/', '@smithy/', '@aws-crypto/', '@aws/'])],
  // The bundled CommonJS packages require Node's built-ins: ESM has no `require` of its own.
  banner: { js: "import { createRequire as __bulkheadRequire } from 'node:module'; const require = __bulkheadRequire(import.meta.url);" },
  sourcemap: 'linked',
  logLevel: 'warning',
});

// The YAML parser as one CommonJS file: its package is ~80 modules, and loading them is most of what
// a first git backup's parse thread spends before it parses anything (src/util/yaml-module.ts).
await build({
  entryPoints: { yaml: createRequire(import.meta.url).resolve('yaml') },
  outdir: out,
  outExtension: { '.js': '.cjs' },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  logLevel: 'warning',
});

// Shipped drill scenarios: read at run time from beside the code that loads them.
cpSync(`${root}src/ops/drills/scenarios`, `${out}/scenarios`, { recursive: true });

// The console's renderer: one script and one stylesheet, served by `console --web` and loaded by Electron.
const ui = `${out}/renderer`;
mkdirSync(ui, { recursive: true });
await build({
  // highlight-worker: the syntax highlighter runs off the page's thread (renderer/src/highlight.ts)
  entryPoints: { app: `${root}renderer/src/main.tsx`, 'highlight-worker': `${root}renderer/src/highlight-worker.ts` },
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
  outdir: out,
  outExtension: { '.js': '.cjs' },
  bundle: true,
  platform: 'browser',
  format: 'cjs',
  target: 'chrome120',
  external: ['electron'],
  minify: true,
  logLevel: 'warning',
});

// A concurrent build may swap its own folder in between: move whatever is there aside and retry.
const olds = [];
for (let i = 0; ; i++) {
  const old = `${root}build/out.old-${process.pid}-${i}`;
  try {
    if (existsSync(final)) renameSync(final, old);
    olds.push(old);
  } catch {
    // the other build moved it first
  }
  try {
    renameSync(out, final);
    break;
  } catch (e) {
    if (i >= 5) throw e;
  }
}
for (const old of olds) rmSync(old, { recursive: true, force: true });
