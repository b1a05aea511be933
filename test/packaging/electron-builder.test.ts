import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { build, type Metafile } from 'esbuild';
import { Ajv } from 'ajv';

const root = fileURLToPath(new URL('../../', import.meta.url));
const read = (path: string) => readFileSync(`${root}${path}`, 'utf8');
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- checked against electron-builder's own schema below
const config = parse(read('build/electron-builder.yml')) as Record<string, any>;
const pkg = JSON.parse(read('package.json')) as { main: string; dependencies: Record<string, string>; devDependencies: Record<string, string>; scripts: Record<string, string> };

/** The package a bare import names: `@scope/name/deep.js` → `@scope/name`. */
const packageOf = (spec: string) => spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/');
const builtin = (spec: string) => spec.startsWith('node:') || builtinModules.includes(packageOf(spec)) || spec === 'electron';

/** What esbuild resolves from these entries (as build/bundle.mjs does): the packages it leaves for run time, or bundles. */
async function packagesOf(entryPoints: string[], external: boolean): Promise<Set<string>> {
  const { metafile } = await build({
    entryPoints: entryPoints.map((e) => `${root}${e}`),
    bundle: true,
    write: false,
    metafile: true,
    outdir: '/nonexistent',
    platform: external ? 'node' : 'browser',
    format: 'esm',
    jsx: 'automatic',
    logLevel: 'silent',
    ...(external ? { packages: 'external' as const, splitting: true } : { external: ['electron'] }),
  });
  const found = new Set<string>();
  const m = metafile as Metafile;
  if (external) {
    for (const input of Object.values(m.inputs)) for (const i of input.imports) if (i.external && !builtin(i.path) && !/^[./]/.test(i.path)) found.add(packageOf(i.path));
  } else {
    for (const path of Object.keys(m.inputs)) {
      const at = path.lastIndexOf('node_modules/');
      if (at >= 0) found.add(packageOf(path.slice(at + 'node_modules/'.length)));
    }
  }
  return found;
}

describe('electron-builder configuration', () => {
  it('is valid for the pinned electron-builder\'s own configuration schema', () => {
    expect(pkg.devDependencies['electron-builder']).toMatch(/^\d+\.\d+\.\d+$/); // pinned: the schema and the packager are one version
    const schema = JSON.parse(read('node_modules/app-builder-lib/scheme.json')) as object;
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    expect(validate(config), JSON.stringify(validate.errors, null, 1)).toBe(true);
    // It catches what a hand-written check would not: a misspelt option is not silently ignored.
    expect(validate({ ...config, electronFuses: { ...config.electronFuses, runAsNod: false } })).toBe(false);
    expect(pkg.scripts.package).toMatch(/electron-builder --config build\/electron-builder\.yml/);
  });

  it('keeps the fuses that forbid running as Node, Node options, the inspector and code from outside the asar', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('ships the built entry points, and unpacks every native module among the dependencies', () => {
    expect(config.files).toContain('build/out/**');
    for (const built of [pkg.main, 'build/out/preload.cjs', 'build/out/core-process.mjs', 'build/out/renderer/app.js']) {
      expect(built.startsWith('build/out/'), built).toBe(true);
      expect(existsSync(`${root}${built}`), `${built} (built by the test setup, as by npm ci)`).toBe(true);
    }
    const native = Object.keys(pkg.dependencies).filter((d) => existsSync(`${root}node_modules/${d}/binding.gyp`));
    expect(native.length).toBeGreaterThan(0);
    expect([...config.asarUnpack].sort()).toEqual(native.map((d) => `node_modules/${d}/**`).sort());
  });
});

describe('package.json dependencies are what runs', () => {
  it('every package the CLI, the core and the main process import at run time is a dependency', async () => {
    const runtime = await packagesOf(['src/cli/bin.ts', 'src/vault/pack-worker.ts', 'electron/main.ts', 'electron/core-process.ts'], true);
    expect(runtime.size).toBeGreaterThan(5);
    const missing = [...runtime].filter((p) => !(p in pkg.dependencies));
    expect(missing, 'imported at run time but not in dependencies (the packaged app would not find them)').toEqual([]);
  });

  it('a package only the renderer bundle uses is a devDependency (the installer would ship it twice)', async () => {
    const runtime = await packagesOf(['src/cli/bin.ts', 'src/vault/pack-worker.ts', 'electron/main.ts', 'electron/core-process.ts'], true);
    const bundled = await packagesOf(['renderer/src/main.tsx', 'electron/preload.ts'], false);
    expect(bundled).toContain('react');
    const shippedTwice = [...bundled].filter((p) => !runtime.has(p) && p in pkg.dependencies);
    expect(shippedTwice).toEqual([]);
  });
});
