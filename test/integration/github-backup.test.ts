import { describe, expect, it } from 'vitest';
import { makeVault } from '../helpers/vault.js';
import { emulatedOrg } from '../forges/github/harness.js';
import { parseSourceSpec } from '../../src/sources/spec.js';
import { backup } from '../../src/ops/backup/backup.js';
import { openVault } from '../../src/ops/open-vault.js';
import { snapshotFor } from '../../src/ops/snapshot-ref.js';
import { readDocuments } from '../../src/sources/github/read-documents.js';

/**
 * 11, not issue 16's 50 (~36 CPU s a run, nearly all git and HTTP per repository): what is asserted
 * holds per repository (each discovered, each one's context kept, ≤ 1 counted request each on the
 * second backup), and 11 are still more than the source writes at a time (4), with a wiki on every
 * tenth (svc-00, and svc-10, the archived one: its wiki kept too), a fork (svc-09) and an archived
 * one last, as at 50. Listing them is one page either way (the source asks 100 a page).
 */
const REPOS = 11;

/** Issue 16: an organisation of many repositories, its context as documents, its git data as git sources. */
describe('GitHub source: backup of an emulated organisation', () => {
  const org = emulatedOrg(REPOS);

  // Three tests, not one long one: vitest's worker answers its RPC between tests (a 2-minute test starved it on a loaded machine).
  let v: Awaited<ReturnType<typeof makeVault>>;
  let args: Parameters<typeof backup>[0];
  let first: Awaited<ReturnType<typeof backup>>;
  let firstSeconds = 0;
  let afterFirst: { counted: number; requests: number; notModified: number };
  let ghRoot = '';

  it('discovers every repository at backup time: archived kept, forks left out, wikis found', async () => {
    v = await makeVault();
    args = { store: v.store, credential: v.writer, sources: [parseSourceSpec(org.source())], excludes: [], tags: [], clock: v.clock, cacheRoot: v.cacheRoot };
    const counters = org.emu().server.counters;
    const t = performance.now();
    first = await backup(args);
    firstSeconds = (performance.now() - t) / 1000;
    expect(first.failed).toEqual([]);
    afterFirst = { ...counters };

    const reader = await openVault(v.store, v.identity, v.cacheRoot);
    const { manifest } = await snapshotFor(reader, first.snapshot);
    const git = manifest.sources.filter((s) => s.kind === 'git').map((s) => s.name);
    // The fork (svc-09) is left out by default; the archived one (svc-10) is kept, its wiki too; wikis of every tenth.
    expect(git.filter((n) => !n.endsWith('.wiki'))).toHaveLength(REPOS - 1);
    expect(git).not.toContain('acme.svc-09');
    expect(git).toContain('acme.svc-10');
    expect(git.filter((n) => n.endsWith('.wiki'))).toEqual(['acme.svc-00.wiki', 'acme.svc-10.wiki']);
    ghRoot = manifest.sources.find((s) => s.kind === 'github')!.root;
  }, 600_000);

  it("keeps each repository's context as documents: protections, environments, variables, secret names, webhooks without secrets, assets", async () => {
    const reader = await openVault(v.store, v.identity, v.cacheRoot);
    const gh = { root: ghRoot };
    const docs = await readDocuments(reader, gh.root);
    expect(docs.get('acme/svc-07/environments.json')).toEqual([
      expect.objectContaining({ name: 'production', deployment_branch_policy: { protected_branches: false, custom_branch_policies: true }, deployment_branch_policies: [expect.objectContaining({ name: 'main' })] }),
      expect.objectContaining({ name: 'staging' }),
    ]);
    expect(docs.get('acme/svc-07/branch-protections.json')).toMatchObject({ main: { required_pull_request_reviews: { required_approving_review_count: 2 }, enforce_admins: { enabled: true } }, release: {} });
    expect(docs.get('acme/svc-07/actions-variables.json')).toEqual([expect.objectContaining({ name: 'APP_NAME', value: 'svc-07' }), expect.objectContaining({ name: 'DEPLOY_REGION', value: 'eu-west-1' })]);
    expect((docs.get('acme/svc-07/actions-secrets.json') as { name: string }[]).map((s) => s.name)).toEqual(['DEPLOY_TOKEN', 'SENTRY_DSN']);
    expect(docs.get('acme/svc-07/issues.json')).toHaveLength(3);
    expect(docs.get('acme/_org/actions-variables.json')).toEqual([expect.objectContaining({ name: 'ORG_REGION', value: 'eu-west-1' })]);
    expect((docs.get('acme/_org/teams.json') as { slug: string; members: unknown[] }[]).map((x) => [x.slug, x.members.length])).toEqual([['ops', 1], ['devs', 2]]);
    // Webhook secrets never reach the vault (GitHub masks them; the source drops even the mask).
    expect(JSON.stringify([...docs.values()])).not.toMatch(/hook-secret|\*\*\*\*/);
    expect(docs.get('acme/svc-07/webhooks.json')).toEqual([expect.objectContaining({ config: expect.objectContaining({ has_secret: true, url: 'https://ci.example/hooks/svc-07' }) })]);
    const repoDir = (await reader.tree(gh.root)).entries.find((e) => e.name === 'acme')!;
    const svc07 = (await reader.tree(repoDir.subtree!)).entries.find((e) => e.name === 'svc-07')!;
    const assets = (await reader.tree(svc07.subtree!)).entries.find((e) => e.name === 'release-assets')!;
    const asset = (await reader.tree(assets.subtree!)).entries[0]!;
    expect(asset.name).toMatch(/^\d+-app\.tar\.gz$/);
    expect((await reader.blob(asset.blobs![0]!)).toString()).toBe('binary of svc-07\n');
  }, 600_000);

  it('a second backup with nothing changed makes no request that counts against the rate limit (≤ 1 per repository asked) and adds nothing', async () => {
    const counters = org.emu().server.counters;
    const t = performance.now();
    const second = await backup(args);
    const secondSeconds = (performance.now() - t) / 1000;
    expect(second.failed).toEqual([]);
    const counted = counters.counted - afterFirst.counted;
    const requests = counters.requests - afterFirst.requests;
    console.log(`GitHub backup of ${REPOS} repositories: first ${firstSeconds.toFixed(1)} s, ${afterFirst.counted} counted requests; unchanged second ${secondSeconds.toFixed(1)} s, ${requests} requests, ${counted} counted (${counters.notModified - afterFirst.notModified} answered 304)`);
    expect(counted).toBeLessThanOrEqual(REPOS);
    expect(second.bytesAdded).toBeLessThan(first.bytesAdded / 10);
    const again = await snapshotFor(await openVault(v.store, v.identity, v.cacheRoot), second.snapshot);
    expect(again.manifest.sources.find((s) => s.kind === 'github')!.root).toBe(ghRoot);
  }, 600_000);
});
