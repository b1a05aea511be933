import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadScenario, shippedScenarios } from './scenario.js';
import { tempDir } from '../../../test/helpers/vault.js';

describe('drill scenarios', () => {
  it('ships the seven scenarios, each valid', () => {
    expect(shippedScenarios()).toEqual(['config-loss', 'full-blast', 'group-wipe', 'history-rewrite', 'org-wipe', 'pipeline-sabotage', 'repo-wipe']);
    for (const name of shippedScenarios()) expect(loadScenario(name).name).toBe(name);
    expect(loadScenario('full-blast').lost.kinds).toEqual(['git', 'dir', 'stream']);
    expect(loadScenario('org-wipe').lost.kinds).toEqual(['github']);
    expect(loadScenario('group-wipe').lost.kinds).toEqual(['gitlab']);
  });

  it('says what is wrong with a user scenario, and which ones exist', () => {
    const file = join(tempDir(), 'mine.yaml');
    writeFileSync(file, 'name: mine\ndescription: x\nlost:\n  kinds: [database]\ntargets: { rtoMinutes: 5, rpoHours: 1 }\n');
    expect(() => loadScenario(file)).toThrow(/mine.yaml: lost.kinds.0: Invalid enum value/);
    expect(() => loadScenario('nope')).toThrow(/no scenario "nope"; shipped ones: config-loss, full-blast/);
  });
});
