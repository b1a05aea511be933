import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { makeVault, tempDir } from '../helpers/vault.js';
import { makeRepo } from '../helpers/git.js';
import { RogueWriter } from '../helpers/rogue-tree.js';
import { READ_TOKEN, WRITE_TOKEN, startGithubEmulator, type GithubEmulator } from '../forges/github/emulator.js';
import { seedOrg } from '../forges/github/seed.js';
import { backup } from '../../src/ops/backup/backup.js';
import { openVault } from '../../src/ops/open-vault.js';
import { diffSnapshots } from '../../src/ops/diff/diff.js';
import { planGithubRestore } from '../../src/ops/restore/restore-github.js';
import { snapshotFor } from '../../src/ops/snapshot-ref.js';
import { parseSourceSpec } from '../../src/sources/spec.js';
import { TRUSTED_FORGES_ENV } from '../../src/sources/forge/trusted-urls.js';

/**
 * A source's locator is stored in the snapshot, which any enrolled agent signs. A hijacked agent
 * can name a git "remote" that is an option or a transport helper (a command run by the operator's
 * git), a forge address of its own (which would receive the operator's token on a live diff or a
 * restore), or a token variable that holds another secret. The operator's verbs contact none.
 */
let github: GithubEmulator;
beforeAll(async () => {
  github = await startGithubEmulator();
  seedOrg(github.world, 'acme', 1);
  process.env.GITHUB_TOKEN = READ_TOKEN;
});
afterAll(() => github.stop());

describe('locators a hijacked agent forges', () => {
  it('a git remote that would run a command is not contacted: the live diff says so', async () => {
    const v = await makeVault();
    const repo = join(tempDir(), 'api');
    makeRepo(repo, 3);
    const real = await backup({ store: v.store, credential: v.writer, sources: [parseSourceSpec(`api=git:${repo}`)], excludes: [], tags: [], clock: v.clock, cacheRoot: v.cacheRoot });
    const reader = await openVault(v.store, v.identity, tempDir());
    const record = (await snapshotFor(reader, real.snapshot)).manifest.sources[0]!;
    const marker = join(tempDir(), 'pwned');
    const rogue = await RogueWriter.open(v.store, v.writer);
    const forged = await rogue.snapshot([
      { ...record, locator: `--upload-pack=touch ${marker}` },
      { ...record, name: 'api2', locator: `ext::sh -c touch% ${marker}` },
    ]);

    const fresh = await openVault(v.store, v.identity, tempDir());
    const diff = await diffSnapshots(fresh, forged, 'live');
    expect(diff.sources.map((s) => [s.name, s.status])).toEqual([['api', 'not-comparable'], ['api2', 'not-comparable']]);
    expect(diff.sources.every((s) => /not an ordinary repository address/.test(s.note ?? ''))).toBe(true);
    expect(existsSync(marker)).toBe(false);
    // The real snapshot's own locator is an ordinary path: compared as ever.
    expect((await diffSnapshots(fresh, real.snapshot, 'live')).sources.map((s) => [s.name, s.status])).toEqual([['api', 'compared']]);
    await Promise.all([reader.close(), fresh.close()]);
  });

  it('a forge address this machine does not trust receives no request (diff or restore), and a token variable of another name is never read', async () => {
    const v = await makeVault();
    const real = await backup({ store: v.store, credential: v.writer, sources: [parseSourceSpec(`acme=github:acme?url=${github.url}`)], excludes: [], tags: [], clock: v.clock, cacheRoot: v.cacheRoot });
    const reader = await openVault(v.store, v.identity, tempDir());
    const record = (await snapshotFor(reader, real.snapshot)).manifest.sources.find((s) => s.kind === 'github')!;
    const forged = await (await RogueWriter.open(v.store, v.writer)).snapshot([{ ...record, locator: `acme?url=${github.url}&token-env=BULKHEAD_PASSPHRASE` }]);
    const fresh = await openVault(v.store, v.identity, tempDir());
    const status = async (snapshot: string) => (await diffSnapshots(fresh, snapshot, 'live')).sources.find((s) => s.name === 'acme')!;

    const trusted = process.env[TRUSTED_FORGES_ENV]; // the emulator's own address, as its operator would list it
    process.env[TRUSTED_FORGES_ENV] = '';
    const before = github.server.counters.requests;
    const untrusted = await status(real.snapshot);
    expect(untrusted).toMatchObject({ status: 'not-comparable', note: expect.stringMatching(new RegExp(`GitHub address ${github.url}, which this machine does not trust.*${TRUSTED_FORGES_ENV}`)) });
    // A restore would send the operator's write token there: refused before any request.
    await expect(planGithubRestore({ reader: fresh, snapshot: real.snapshot, name: 'acme', token: WRITE_TOKEN })).rejects.toMatchObject({ code: 'UNTRUSTED_SOURCE' });
    expect(github.server.counters.requests).toBe(before);

    process.env[TRUSTED_FORGES_ENV] = `https://ghe.example.com/api/v3, ${github.url}/`;
    try {
      expect(await status(real.snapshot)).toMatchObject({ status: 'compared', changes: [] });
      const passphrase = await status(forged);
      expect(passphrase).toMatchObject({ status: 'not-comparable', note: expect.stringMatching(/token in BULKHEAD_PASSPHRASE; only a variable named like GITHUB_TOKEN/) });
    } finally {
      process.env[TRUSTED_FORGES_ENV] = trusted;
    }
    await Promise.all([reader.close(), fresh.close()]);
  });
});
