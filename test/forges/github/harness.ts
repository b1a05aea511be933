import { afterAll, beforeAll, expect } from 'vitest';
import { READ_TOKEN, startGithubEmulator, type GithubEmulator } from './emulator.js';
import { seedOrg } from './seed.js';

/** An emulated organisation `acme` of `repos` repositories for one test file; no violation allowed at its end. */
export function emulatedOrg(repos: number): { emu: () => GithubEmulator; source: () => string } {
  let emu: GithubEmulator;
  beforeAll(async () => {
    emu = await startGithubEmulator();
    seedOrg(emu.world, 'acme', repos);
    process.env.GITHUB_TOKEN = READ_TOKEN;
  });
  afterAll(async () => {
    expect(emu.server.violations).toEqual([]);
    await emu.stop();
  });
  return { emu: () => emu, source: () => `gh=github:acme?url=${emu.url}` };
}
