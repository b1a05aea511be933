import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { lockedBucket } from '../helpers/s3.js';
import { makeVault, tempDir } from '../helpers/vault.js';
import { cachedMirror, makeRepo, sh } from '../helpers/git.js';
import { backup } from '../../src/ops/backup/backup.js';
import { openVault } from '../../src/ops/open-vault.js';
import { runDrill } from '../../src/ops/drills/run-drill.js';
import { loadScenario } from '../../src/ops/drills/scenario.js';
import { parseSourceSpec } from '../../src/sources/spec.js';
import { systemClock } from '../../src/util/clock.js';

describe('a mirror that fails fsck', () => {
  it('is named object by object in the drill report', async () => {
    const store = await lockedBucket();
    const v = await makeVault({ store });
    const live = tempDir();
    makeRepo(live, 3);
    const run = () => backup({ store, credential: v.writer, sources: [parseSourceSpec(`app=git:${live}`)], excludes: [], tags: [], clock: systemClock, cacheRoot: v.cacheRoot });
    await run();
    // The agent's cached mirror loses a blob (its own disk, or a hijacked agent): the refs did not
    // move, so the next backup stores the mirror as it is.
    const mirror = cachedMirror(v.cacheRoot);
    const lost = sh(live, 'rev-parse', 'main:app.txt');
    execFileSync('sh', ['-c', `cd ${mirror} && mkdir ../held && mv objects/pack/*.pack ../held/ && rm objects/pack/*.idx && for p in ../held/*.pack; do git unpack-objects -q < $p; done && rm -r ../held objects/${lost.slice(0, 2)}/${lost.slice(2)}`]);
    await run();

    const reader = await openVault(store, v.identity, tempDir());
    const { snapshots } = await reader.snapshots();
    const outcome = await runDrill({ reader, scenario: loadScenario('repo-wipe'), snapshot: snapshots[snapshots.length - 1]!.id, sandbox: tempDir(), clock: systemClock });
    const step = outcome.steps.find((s) => s.source === 'app')!;
    expect(step.ok).toBe(false);
    expect(step.detail).toMatch(new RegExp(`fails git fsck: .*missing blob ${lost.slice(0, 12)}`));
  });
});
