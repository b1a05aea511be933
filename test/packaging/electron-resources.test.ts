import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { PNG } from 'pngjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const read = (path: string) => readFileSync(`${root}${path}`, 'utf8');
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- validated against electron-builder's schema in electron-builder.test.ts
const config = parse(read('build/electron-builder.yml')) as Record<string, any>;

describe('icons, signing and notarization of the desktop app', () => {
  it('the icon electron-builder derives every platform\'s from is a square PNG of 1024 px, in buildResources', () => {
    expect(config.directories.buildResources).toBe('build/resources');
    const png = PNG.sync.read(readFileSync(`${root}build/resources/icon.png`));
    expect([png.width, png.height]).toEqual([1024, 1024]);
    // opaque at the centre, transparent in the corner (a rounded tile, not a square of background)
    expect(png.data[(512 * 1024 + 512) * 4 + 3]).toBe(255);
    expect(png.data[3]).toBe(0);
  });

  it('every file the configuration names exists', () => {
    for (const path of [config.mac.entitlements, config.mac.entitlementsInherit]) expect(existsSync(`${root}${path}`), path).toBe(true);
  });

  it('the hardened runtime allows only what Electron needs: the JIT', () => {
    expect(config.mac.hardenedRuntime).toBe(true);
    const keys = [...read(config.mac.entitlements).matchAll(/<key>([^<]+)<\/key>\s*<true\/>/g)].map((m) => m[1]);
    expect(keys).toEqual(['com.apple.security.cs.allow-jit']);
  });

  it('signing and notarization are wired, their secrets left to the environment', () => {
    expect(config.mac.notarize).toBe(true); // @electron/notarize, with APPLE_API_KEY… from the environment
    expect(config.win.signtoolOptions.signingHashAlgorithms).toEqual(['sha256']);
    expect(config.win.signtoolOptions.rfc3161TimeStampServer).toMatch(/^https?:\/\//);
    // No certificate, identity or password in the file: CSC_LINK, CSC_KEY_PASSWORD, WIN_CSC_* and APPLE_* only.
    const flat = JSON.stringify(config);
    for (const key of ['identity', 'certificateFile', 'certificatePassword', 'cscLink', 'cscKeyPassword', 'appleId', 'appleIdPassword', 'password']) expect(flat, key).not.toContain(`"${key}"`);
    const yml = read('build/electron-builder.yml');
    for (const name of ['CSC_LINK', 'CSC_KEY_PASSWORD', 'WIN_CSC_LINK', 'APPLE_API_KEY', 'APPLE_API_ISSUER']) expect(yml, name).toContain(name);
    expect(read('docs/cli.md')).toMatch(/CSC_LINK.*APPLE_API_KEY/s);
  });
});
