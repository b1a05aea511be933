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
import { diffSnapshots } from '../../src/ops/diff/diff.js';
import { browseRows } from '../../src/ops/browse/browse-rows.js';
import { runDrill } from '../../src/ops/drills/run-drill.js';
import type { ForgeSandbox } from '../../src/ops/drills/sandbox.js';
import { systemClock } from '../../src/util/clock.js';
import { READ_TOKEN, WRITE_TOKEN, startGithubEmulator, type GithubEmulator } from '../forges/github/emulator.js';
import { seedOrg } from '../forges/github/seed.js';
import { READ_TOKEN as GITLAB_READ_TOKEN, WRITE_TOKEN as GITLAB_WRITE_TOKEN, startGitlabEmulator, type GitlabEmulator } from '../forges/gitlab/emulator.js';
import { seedGroup } from '../forges/gitlab/seed.js';
import type { Group as GitlabGroup } from '../forges/gitlab/state.js';

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
  /** Where a drill recreates a forge source: a scratch account made as an operator would. */
  sandbox?(): ForgeSandbox;
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
  github: {
    live: () => `acme?url=${github.url}`,
    broken: () => `nobody?url=${github.url}`,
    sandbox: () => {
      github.world.accounts.set('acme-drill', { login: 'acme-drill', id: github.world.id(), type: 'Organization', members: [], teams: [], variables: [], secrets: [], rulesets: [], hooks: [] });
      return { owner: 'acme-drill', url: github.url, token: WRITE_TOKEN, writeIntervalMs: 0 };
    },
  },
  gitlab: {
    live: () => `acme?url=${gitlab.url}`,
    broken: () => `nobody?url=${gitlab.url}`,
    sandbox: () => {
      // the scratch group and its subgroups, as production has them (Bulkhead does not create groups)
      const w = gitlab.world;
      const copy = (g: GitlabGroup, parent: number | null) => {
        const id = w.id();
        const path = parent === null ? 'acme-drill' : g.path;
        w.groups.set(id, { id, name: path, path, parent_id: parent, description: 'drill sandbox', visibility: 'private', created_at: w.time, variables: [], members: [], hooks: [], runners: [], labels: [], milestones: [], deployTokens: [] });
        for (const child of [...w.groups.values()].filter((c) => c.parent_id === g.id)) copy(child, id);
      };
      copy([...w.groups.values()].find((g) => g.path === 'acme' && g.parent_id === null)!, null);
      return { owner: 'acme-drill', url: gitlab.url, token: GITLAB_WRITE_TOKEN, writeIntervalMs: 0 };
    },
  },
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

  // A live sample backed up twice, once for the two tests that read those backups (a forge's are the slow part of this file).
  let twice: Promise<{ v: Awaited<ReturnType<typeof makeVault>>; first: Awaited<ReturnType<typeof backup>>; second: Awaited<ReturnType<typeof backup>> }> | undefined;
  const backedUpTwice = () =>
    (twice ??= (async () => {
      const v = await makeVault();
      const args = { store: v.store, credential: v.writer, sources: [parseSourceSpec(`s=${kind}:${sample.live()}`)], excludes: [], tags: [], clock: v.clock, cacheRoot: v.cacheRoot };
      const first = await backup(args);
      return { v, first, second: await backup(args) };
    })());

  it('backs up into a snapshot record, and an unchanged second backup adds almost nothing', async () => {
    const { v, first, second } = await backedUpTwice();
    expect(first.failed).toEqual([]);
    expect(second.bytesAdded).toBeLessThan(Math.max(first.bytesAdded / 2, 4096));
    const reader = await openVault(v.store, v.identity, v.cacheRoot);
    const snap = await snapshotFor(reader, second.snapshot);
    const record = snap.manifest.sources[0]!;
    expect(record).toMatchObject({ kind, name: 's' });
    expect(record.failed).toBeUndefined();
    expect(record.stats.bytes).toBeGreaterThan(0);
    await reader.close(); // the next test opens the same vault and cache
  });

  it('is unchanged against itself and against its live state, opens in Browse as its type says, and a drill restores and verifies it', async () => {
    const { v, first, second } = await backedUpTwice();
    const reader = await openVault(v.store, v.identity, v.cacheRoot);
    const unchanged = { status: 'compared', counts: { added: 0, removed: 0, changed: 0 } };
    // A forge source brings one git record per repository beside it: each is compared the same way.
    const between = await diffSnapshots(reader, first.snapshot, second.snapshot);
    expect(between.sources.map((d) => [d.name, d.status, d.counts])).toEqual(between.sources.map((d) => [d.name, unchanged.status, unchanged.counts]));
    const live = await diffSnapshots(reader, second.snapshot, 'live');
    expect(live.sources.find((d) => d.name === 's')).toMatchObject(kind === 'stream' ? { status: 'not-comparable' } : unchanged);
    expect(live.sources.filter((d) => d.name !== 's').every((d) => d.status === 'compared' && d.changes.length === 0)).toBe(true);

    const { rows } = await browseRows(reader, second.snapshot, '');
    expect(rows.find((r) => r.name === 's')).toMatchObject({ kind: type.opensAs === 'file' ? 'file' : 'source', hasChildren: type.opensAs === 'folder' });

    const scenario = { name: 'contract', description: 'one source lost', lost: { kinds: [kind], sources: ['s'] }, targets: { rtoMinutes: 60, rpoHours: 24 }, containment: [] };
    const drill = await runDrill({ reader, scenario, snapshot: second.snapshot, sandbox: tempDir(), forge: sample.sandbox?.(), clock: systemClock });
    expect(drill.steps.map((st) => [st.source, st.kind, st.ok, st.ok ? '' : st.detail])).toEqual([['s', kind, true, '']]);
    await reader.close();
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
