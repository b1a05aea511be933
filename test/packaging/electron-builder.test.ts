import { describe, expect, it } from 'vitest';
import { readFileSync, existsSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';

const root = new URL('../../', import.meta.url);
const config = parse(readFileSync(new URL('build/electron-builder.yml', root), 'utf8')) as unknown;
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { main: string; scripts: Record<string, string> };

/** What this configuration must say; electron-builder's own option names, checked by value. */
const required = z.object({
  appId: z.string().regex(/^[a-z]+(\.[a-z-]+)+$/),
  asar: z.literal(true),
  asarUnpack: z.array(z.string()),
  files: z.array(z.string()),
  electronFuses: z.object({
    runAsNode: z.literal(false),
    onlyLoadAppFromAsar: z.literal(true),
    enableNodeOptionsEnvironmentVariable: z.literal(false),
    enableNodeCliInspectArguments: z.literal(false),
    enableEmbeddedAsarIntegrityValidation: z.literal(true),
    grantFileProtocolExtraPrivileges: z.literal(false),
  }),
  linux: z.object({ target: z.array(z.string()) }),
  mac: z.object({ target: z.array(z.string()) }),
  win: z.object({ target: z.array(z.string()) }),
});

describe('electron-builder configuration', () => {
  const c = required.parse(config);

  it('builds AppImage and deb, dmg, and nsis', () => {
    expect(c.linux.target).toEqual(['AppImage', 'deb']);
    expect(c.mac.target).toEqual(['dmg']);
    expect(c.win.target).toEqual(['nsis']);
  });

  it('sets fuses: never run as Node, load code only from the asar', () => {
    expect(c.electronFuses).toMatchObject({ runAsNode: false, onlyLoadAppFromAsar: true });
  });

  it('unpacks the native modules and ships the built app, whose entry is the main process', () => {
    expect(c.asarUnpack).toEqual(expect.arrayContaining(['node_modules/better-sqlite3/**', 'node_modules/zstd-napi/**']));
    expect(c.files).toContain('build/out/**');
    expect(pkg.main).toBe('build/out/electron-main.mjs');
    expect(existsSync(new URL(pkg.main, root))).toBe(true); // built by `npm ci` (prepare)
    expect(existsSync(new URL('build/out/preload.cjs', root))).toBe(true);
    expect(pkg.scripts.start).toMatch(/electron \./);
  });
});
