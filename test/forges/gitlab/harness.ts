import { afterAll, beforeAll, expect } from 'vitest';
import { READ_TOKEN, startGitlabEmulator, type GitlabEmulator } from './emulator.js';
import { seedGroup } from './seed.js';

/** An emulated group `acme` (with subgroups) of `projects` projects for one test file; no violation allowed at its end. */
export function emulatedGroup(projects: number): { emu: () => GitlabEmulator; source: () => string } {
  let emu: GitlabEmulator;
  beforeAll(async () => {
    emu = await startGitlabEmulator();
    seedGroup(emu.world, 'acme', projects);
    process.env.GITLAB_TOKEN = READ_TOKEN;
  });
  afterAll(async () => {
    expect(emu.server.violations).toEqual([]);
    await emu.stop();
  });
  return { emu: () => emu, source: () => `gl=gitlab:acme?url=${emu.url}` };
}
