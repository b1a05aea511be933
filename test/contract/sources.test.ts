import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeVault, tempDir } from '../helpers/vault.js';
import { makeRepo } from '../helpers/git.js';
import { SOURCE_KINDS, sourceType } from '../../src/sources/registry.js';
import type { SourceKind } from '../../src/sources/source.js';
import { parseSourceSpec } from '../../src/sources/spec.js';
import { backup } from '../../src/ops/backup/backup.js';
import { openVault } from '../../src/ops/open-vault.js';
import { snapshotFor } from '../../src/ops/snapshot-ref.js';
import { READ_TOKEN, startGithubEmulator, type GithubEmulator } from '../forges/github/emulator.js';
import { seedOrg } from '../forges/github/seed.js';
import { READ_TOKEN as GITLAB_READ_TOKEN, startGitlabEmulator, type GitlabEmulator } from '../forges/gitlab/emulator.js';
import { seedGroup } from '../forges/gitlab/seed.js';

// The GitHub kind backs up from the GitHub emulator (test/forges/github), started once for the file.
// The GitLab kind backs up from the GitLab emulator (test/forges/gitlab), likewise.
let github: GithubEmulator;
let gitlab: GitlabEmulator;
beforeAll(async () => {
  github = await startGithubEmulator();
  seedOrg(github.world, 'acme', 2);
  process.env.GITHUB_TOKEN = READ_TOKEN;
  gitlab = await startGitlabEmulator();
  seedGroup(gitlab.world, 'acme', 2);
  process.env.GITLAB_TOKEN = GITLAB_READ_TOKEN;
});
afterAll(async () => {
  expect(github.server.violations).toEqual([]);
  expect(gitlab.server.violations).toEqual([]);
  await github.stop();
  await gitlab.stop();
});

/** For each kind: a live source with some content, and one that cannot be backed up. */
interface Sample {
  live(): string;
  broken(): string;
}

const SAMPLES: Record<SourceKind, Sample> = {
  dir: {
    live: () => {
      const d = tempDir();
      writeFileSync(join(d, 'app.yaml'), 'replicas: 3\n');
      return d;
    },
    broken: () => join(tempDir(), 'gone'),
  },
  stream: { live: () => 'printf pg_dump-output', broken: () => 'sh -c "exit 3"' },
  git: {
    live: () => {
      const d = join(tempDir(), 'repo');
      makeRepo(d, 3);
      return d;
    },
    broken: () => join(tempDir(), 'no-such-repo.git'),
  },
  github: { live: () => `acme?url=${github.url}`, broken: () => `nobody?url=${github.url}` },
  gitlab: { live: () => `acme?url=${gitlab.url}`, broken: () => `nobody?url=${gitlab.url}` },
};

/** Every registered kind of source keeps the same promises; a new kind must bring a sample here (the Record's type insists). */
describe.each(SOURCE_KINDS.map((k) => [k]))('source contract: %s', (kind) => {
  const sample = SAMPLES[kind];
  const type = sourceType(kind);

  it('names itself from its locator and records a locator that parses to itself', () => {
    const locator = sample.live();
    const spec = parseSourceSpec(`${kind}:${locator}`);
    expect(spec).toEqual({ name: type.defaultName(locator), kind, locator: type.normalize(locator) });
    expect(parseSourceSpec(`${kind}:${spec.locator}`)).toEqual(spec);
    expect(parseSourceSpec(`given=${kind}:${locator}`).name).toBe('given');
  });

  it('backs up into a snapshot record, and an unchanged second backup adds almost nothing', async () => {
    const v = await makeVault();
    const args = { store: v.store, credential: v.writer, sources: [parseSourceSpec(`s=${kind}:${sample.live()}`)], excludes: [], tags: [], clock: v.clock, cacheRoot: v.cacheRoot };
    const first = await backup(args);
    expect(first.failed).toEqual([]);
    const second = await backup(args);
    expect(second.bytesAdded).toBeLessThan(Math.max(first.bytesAdded / 2, 4096));
    const reader = await openVault(v.store, v.identity, v.cacheRoot);
    const snap = await snapshotFor(reader, second.snapshot);
    const record = snap.manifest.sources[0]!;
    expect(record).toMatchObject({ kind, name: 's' });
    expect(record.failed).toBeUndefined();
    expect(record.stats.bytes).toBeGreaterThan(0);
  });

  it('records a source that cannot be read as failed, with its reason, and keeps the others', async () => {
    const v = await makeVault();
    const ok = sample.live();
    const sources = [parseSourceSpec(`bad=${kind}:${sample.broken()}`), parseSourceSpec(`good=${kind}:${ok}`)];
    const res = await backup({ store: v.store, credential: v.writer, sources, excludes: [], tags: [], clock: v.clock, cacheRoot: v.cacheRoot });
    expect(res.failed.map((f) => f.name)).toEqual(['bad']);
    expect(res.failed[0]!.reason.length).toBeGreaterThan(10);
    const reader = await openVault(v.store, v.identity, v.cacheRoot);
    const { manifest } = await snapshotFor(reader, res.snapshot);
    expect(manifest.sources.find((s) => s.name === 'good')?.failed).toBeUndefined();
  });
});
