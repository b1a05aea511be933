import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, readdirSync, rmSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { createConsoleHost } from '../../src/host/console/console-host.js';
import { defaultHost } from '../../src/host/context.js';
import { openStore } from '../../src/host/open-store.js';
import { countingReads, type CountedReads } from '../helpers/counting-store.js';
import { consoleVault, PASSPHRASE } from '../helpers/console-vault.js';
import { consoleClient } from '../helpers/console-client.js';
import { tempDir } from '../helpers/vault.js';
import { s3Env, s3Url, uniqueBucket } from '../helpers/s3.js';
import { sh } from '../helpers/git.js';

describe('console API on a local vault', () => {
  let ws: Awaited<ReturnType<typeof consoleVault>>['ws'];
  let tree = '';
  let live = ''; // the git repository the vault's "api" source was backed up from
  const dir = tempDir('bulkhead-console-');
  const core = createConsoleHost({ ...defaultHost(), cacheRoot: join(dir, 'cache') }, join(dir, 'console.db'));
  const api = consoleClient(core);
  let vaultId = '';
  afterAll(() => core.close());

  beforeAll(async () => {
    // The fixture's backups through main() in this process ('here'): the console host below loads the same modules into it anyway.
    ({ ws, tree, repo: live } = await consoleVault(undefined, {}, 'here'));
    expect((await api.fails('vaults.add', { name: 'x', url: `file://${join(dir, 'nothing')}` })).code).toMatch(/NO_VAULT|NOT_FOUND/);
    // A relative folder or identity would be read from where the console started, and remembered so.
    for (const [url, identityPath] of [['vault', undefined], [ws.store, 'id.json']] as const) {
      const refused = await api.fails('vaults.add', { name: 'rel', url, ...(identityPath && { identityPath }) });
      expect([refused.code, refused.message]).toEqual(['USAGE', expect.stringMatching(/is not a full path: give the (vault folder|identity file) from \//)]);
    }
    vaultId = (await api.ok('vaults.add', { name: 'prod', url: ws.store, identityPath: join(ws.dir, 'id.json') })).id;
  });

  it('shows posture while locked, but nothing the key reads', async () => {
    const posture = await api.ok('posture.get', { vaultId });
    expect(posture).toMatchObject({ withIdentity: false, lockMode: 'LOCAL' });
    expect((await api.fails('snapshots.list', { vaultId })).code).toBe('LOCKED');
  });

  it('refuses a wrong passphrase clearly, then unlocks', async () => {
    const wrong = await api.fails('session.unlock', { identity: { path: join(ws.dir, 'id.json') }, passphrase: 'not it' });
    expect(wrong.code).toBe('WRONG_PASSPHRASE');
    const before = await api.ok('session.status', {});
    const unlocked = await api.ok('session.unlock', { identity: { path: join(ws.dir, 'id.json') }, passphrase: PASSPHRASE });
    expect(unlocked).toMatchObject({ unlocked: true });
    // the order the core made its status answers in, whatever order they arrive in (the UI keeps the newest)
    expect(unlocked.seq).toBeGreaterThan(before.seq);
    expect((await api.ok('session.status', {})).seq).toBeGreaterThan(unlocked.seq);
  });

  it('lists snapshots and flags the one that lost most of the config tree', async () => {
    const { snapshots } = await api.ok('snapshots.list', { vaultId });
    expect(snapshots).toHaveLength(2);
    expect(snapshots[0]!.anomalies).toEqual([]);
    expect(snapshots[1]!.anomalies.map((a) => a.message)).toEqual(['infra lost 80% of its files (10 → 2)']);
    // Each source's own latest: infra's is the first (its loss is in the second); api's the second.
    expect(snapshots.map((s) => [s.latest, s.latestFor])).toEqual([[true, ['infra']], [false, ['api']]]);
  });

  it('a new session lists them from the counts the last one kept (the operator cache), reading no pack', async () => {
    const cache = join(tempDir(), 'cache');
    const listed = async (db: string) => {
      let packs: CountedReads | undefined;
      const core = createConsoleHost({ ...defaultHost(), cacheRoot: cache, openStore: async (url, o) => (packs = countingReads(await openStore(url, o), 'data/')).store }, join(dir, db));
      try {
        const session = consoleClient(core);
        const id = (await session.ok('vaults.add', { name: 'prod', url: ws.store, identityPath: join(ws.dir, 'id.json') })).id;
        await session.ok('session.unlock', { identity: { path: join(ws.dir, 'id.json') }, passphrase: PASSPHRASE });
        const { snapshots } = await session.ok('snapshots.list', { vaultId: id });
        expect(snapshots.map((s) => s.anomalies.map((a) => a.message))).toEqual([[], ['infra lost 80% of its files (10 → 2)']]);
        return packs!.reads();
      } finally {
        core.close();
      }
    };
    expect(await listed('first.db')).toBeGreaterThan(0); // counted from the trees and the git manifest
    expect(await listed('second.db')).toBe(0);
  });

  it('browses sources, folders, and a git repo as refs, pipelines and files', async () => {
    const root = await api.ok('browse.list', { vaultId, snapshot: 'latest', path: '' });
    expect(root.entries.map((e) => `${e.name}:${e.detail}`)).toEqual(['infra:dir', 'api:git']);
    const first = (await api.ok('snapshots.list', { vaultId })).snapshots[0]!.id;
    const k8s = await api.ok('browse.list', { vaultId, snapshot: first, path: 'infra/k8s' });
    expect(k8s.entries).toHaveLength(9);
    const page = await api.ok('browse.list', { vaultId, snapshot: first, path: 'infra/k8s', offset: 2, limit: 3, filter: 'SERVICE' });
    expect([page.total, page.offset, page.entries.map((e) => e.name)]).toEqual([8, 2, ['service-2.yaml', 'service-3.yaml', 'service-4.yaml']]);
    const repo = await api.ok('browse.list', { vaultId, snapshot: 'latest', path: 'api' });
    expect(repo.entries.map((e) => e.name)).toEqual(['refs', 'pipelines', 'files']);
    const refs = await api.ok('browse.list', { vaultId, snapshot: 'latest', path: 'api/refs' });
    expect(refs.entries.map((e) => e.name)).toEqual(['refs/heads/feature', 'refs/heads/main', 'refs/tags/v1']);
    const heads = await api.ok('browse.list', { vaultId, snapshot: 'latest', path: 'api/refs/refs/heads' }); // each part of the path bar leads somewhere
    expect(heads.entries.map((e) => e.name)).toEqual(['refs/heads/feature', 'refs/heads/main']);
    // A ref opens as its commit's files, from the mirror: folders first, sizes, previews; a restore plan at that commit.
    const atTag = await api.ok('browse.list', { vaultId, snapshot: 'latest', path: 'api/refs/refs/tags/v1' });
    expect(atTag.entries.map((e) => [e.name, e.kind, e.path])).toEqual(expect.arrayContaining([['.github', 'dir', 'api/refs/refs/tags/v1/.github'], ['app.txt', 'file', 'api/refs/refs/tags/v1/app.txt']]));
    expect(atTag.entries[0]!.kind).toBe('dir');
    const workflows = await api.ok('browse.list', { vaultId, snapshot: 'latest', path: 'api/refs/refs/tags/v1/.github/workflows' });
    expect(workflows.entries.map((e) => [e.name, e.size])).toEqual([['ci.yml', expect.any(Number)]]);
    const atV1 = await api.ok('browse.preview', { vaultId, snapshot: 'latest', path: 'api/refs/refs/tags/v1/.github/workflows/ci.yml' });
    expect([atV1.text, atV1.size]).toEqual([expect.stringMatching(/^name: CI/), workflows.entries[0]!.size]);
    const tagPlan = await api.ok('restore.plan', { vaultId, snapshot: 'latest', paths: ['api/refs/refs/tags/v1/.github'], target: join(dir, 'at-v1') });
    expect(tagPlan.items.map((i) => [i.kind, i.destination, i.writes])).toEqual([['dir', join(dir, 'at-v1/api/.github'), ['api/.github/workflows/ci.yml at refs/tags/v1']]]);
    expect(tagPlan.bytes).toBe(workflows.entries[0]!.size);
    const pipelines = await api.ok('browse.list', { vaultId, snapshot: 'latest', path: 'api/pipelines' });
    expect(pipelines.entries.map((e) => e.detail)).toEqual(['github-actions: CI on push', 'gitlab-ci (invalid YAML)']);
    const preview = await api.ok('browse.preview', { vaultId, snapshot: 'latest', path: 'api/files/.github/workflows/ci.yml' });
    expect(preview.text).toMatch(/^name: CI/);
    const file = await api.ok('browse.preview', { vaultId, snapshot: first, path: 'infra/k8s/service-3.yaml' });
    expect(file).toMatchObject({ text: 'kind: Service\nname: s3\n', truncated: false });
  });

  it('diffs against live: what the agent destroyed, with a side-by-side text diff', async () => {
    rmSync(join(tree, 'terraform/main.tf'));
    const { snapshots } = await api.ok('snapshots.list', { vaultId });
    const diff = await api.ok('diff.run', { vaultId, from: snapshots[1]!.id, to: 'live' });
    const infra = diff.sources.find((s) => s.name === 'infra')!;
    expect(infra.changes).toEqual([expect.objectContaining({ type: 'removed', path: 'terraform/main.tf' })]);
    const sbs = await api.ok('diff.file', { vaultId, from: snapshots[1]!.id, to: 'live', path: 'infra/terraform/main.tf' });
    expect(sbs.rows).toEqual([{ kind: 'removed', left: 'resource "aws_s3_bucket" "b" {}', right: null, leftNo: 1, rightNo: null }]);
    const between = await api.ok('diff.run', { vaultId, from: snapshots[0]!.id, to: snapshots[1]!.id });
    expect(between.sources.find((s) => s.name === 'infra')!.counts.removed).toBe(8);
  });

  it('plans, refuses without the typed confirmation, restores several items and verifies them', async () => {
    const { snapshots } = await api.ok('snapshots.list', { vaultId });
    const first = snapshots[0]!.id;
    const target = join(dir, 'restore-here');
    const paths = ['infra/k8s', 'infra/terraform/main.tf', 'api/files/.github/workflows/ci.yml', 'api'];
    const plan = await api.ok('restore.plan', { vaultId, snapshot: first, paths, target });
    expect(plan).toMatchObject({ confirmWord: 'restore-here', blocked: [] });
    expect(plan.items.map((i) => [i.source, i.destination.slice(target.length + 1), i.exists])).toEqual([
      ['infra/k8s', 'k8s', false],
      ['infra/terraform/main.tf', 'main.tf', false],
      ['api/files/.github/workflows/ci.yml', 'api/.github/workflows/ci.yml', false],
      ['api', 'api.git', false],
    ]);
    expect(existsSync(target)).toBe(false); // the plan wrote nothing

    const refused = await api.fails('restore.start', { planId: plan.planId, confirm: 'yes' });
    expect(refused.message).toMatch(/type the target folder's name "restore-here"/);
    expect(existsSync(target)).toBe(false);

    const { jobId } = await api.ok('restore.start', { planId: plan.planId, confirm: 'restore-here' });
    const job = await api.finished(jobId);
    expect(job.error).toBeNull();
    expect(job.planId).toBe(plan.planId);
    // A plan runs once, by its id; an id the console never issued runs nothing.
    expect((await api.fails('restore.start', { planId: plan.planId, confirm: 'restore-here' })).message).toMatch(/already ran/);
    expect((await api.fails('restore.start', { planId: 'not-a-plan', confirm: 'restore-here' })).message).toMatch(/does not know this plan/);
    expect(job.verification.map((v) => [v.item, v.ok])).toEqual(paths.map((p) => [p, true]));
    expect(readdirSync(join(target, 'k8s')).sort()).toHaveLength(9);
    expect(readFileSync(join(target, 'k8s/service-5.yaml'), 'utf8')).toBe('kind: Service\nname: s5\n');
    expect(readFileSync(join(target, 'main.tf'), 'utf8')).toBe('resource "aws_s3_bucket" "b" {}\n');
    expect(readFileSync(join(target, 'api/.github/workflows/ci.yml'), 'utf8')).toMatch(/^name: CI/);
    expect(sh(join(target, 'api.git'), 'rev-parse', 'refs/tags/v1^{commit}')).toMatch(/^[0-9a-f]{40}$/);

    const again = await api.ok('restore.plan', { vaultId, snapshot: first, paths: ['infra/k8s'], target });
    expect(again.blocked[0]).toMatch(/k8s already exists; choose another target folder/);
    expect((await api.fails('restore.start', { planId: again.planId, confirm: 'restore-here' })).message).toMatch(/already exists/);

    // A plan describes the target as it was: something appearing there since makes it stale.
    const later = join(dir, 'later');
    const fresh = await api.ok('restore.plan', { vaultId, snapshot: first, paths: ['infra/k8s'], target: later });
    expect(fresh.blocked).toEqual([]);
    mkdirSync(join(later, 'k8s'), { recursive: true });
    expect((await api.fails('restore.start', { planId: fresh.planId, confirm: 'later' })).message).toMatch(/k8s appeared since the plan was shown/);
    expect(readdirSync(join(later, 'k8s'))).toEqual([]);
  });

  it('puts a deleted branch and a deleted workflow back into the live repository, verified; restores a moved ref as a branch for review', async () => {
    const refs = await api.ok('browse.list', { vaultId, snapshot: 'latest', path: 'api/refs' });
    const feature = refs.entries.find((e) => e.name === 'refs/heads/feature')!;
    expect(feature.restorable).toBe(true);
    sh(live, 'branch', '-D', 'feature');
    sh(live, 'rm', '-q', '.github/workflows/ci.yml');
    sh(live, 'commit', '-q', '-m', 'agent removes CI');
    const paths = [feature.path, 'api/pipelines/.github/workflows/ci.yml'];
    const request = { vaultId, snapshot: 'latest', paths, target: join(dir, 'not-used') };
    const plan = await api.ok('restore.plan', request);
    expect(plan.blocked).toEqual([]);
    expect(plan.confirmWord).toBe('api'); // nothing lands in the folder: the repository's name confirms
    expect(plan.items.map((i) => i.destination)).toEqual([`${live} refs/heads/feature`, expect.stringMatching(new RegExp(`^${live} branch bulkhead/restore-ci-`))]);
    const job = await api.finished((await api.ok('restore.start', { planId: plan.planId, confirm: 'api' })).jobId);
    expect(job.verification.map((v) => v.ok)).toEqual([true, true]);
    expect(job.status).toBe('done');
    expect(sh(live, 'rev-parse', 'refs/heads/feature')).toBe(feature.detail);
    const branch = sh(live, 'for-each-ref', '--format=%(refname:short)', 'refs/heads/bulkhead/');
    expect(sh(live, 'diff', '--name-status', 'main', branch)).toBe('A\t.github/workflows/ci.yml');
    expect(existsSync(join(dir, 'not-used'))).toBe(false);

    sh(live, 'branch', '-f', 'feature', 'main'); // moved since the snapshot: the console will not replace it
    const moved = await api.ok('restore.plan', { ...request, paths: [feature.path] });
    expect(moved.blocked).toEqual([]);
    expect(moved.items.map((i) => i.destination)).toEqual([expect.stringMatching(/bulkhead\/restore-feature-/)]);
    const review = await api.finished((await api.ok('restore.start', { planId: moved.planId, confirm: 'api' })).jobId);
    expect(review.status).toBe('done');
    expect(sh(live, 'rev-parse', 'refs/heads/feature')).toBe(sh(live, 'rev-parse', 'main')); // left as it is
    const restored = sh(live, 'for-each-ref', '--format=%(objectname)', 'refs/heads/bulkhead/restore-feature-*');
    expect(restored).toBe(feature.detail); // the snapshot's commit, on a branch for review
  });

  it('a background watch shows a new backup without counting as the operator\'s activity', async () => {
    const before = (await api.ok('session.status', {})).autoLockAt!;
    await new Promise((r) => setTimeout(r, 20));
    expect((await api.ok('snapshots.list', { vaultId, watch: true })).snapshots).toHaveLength(2);
    await ws.okAsync(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', `infra=dir:${tree}`]);
    expect((await api.ok('snapshots.list', { vaultId, watch: true })).snapshots).toHaveLength(3);
    expect((await api.ok('session.status', {})).autoLockAt).toBe(before); // the idle deadline did not move
  });

  it('the audit log has every unlock, refusal and restore, and its chain holds; no secret in the catalog', async () => {
    const audit = await api.ok('audit.list', {});
    expect(audit.intact).toBe(true);
    const lines = audit.entries.map((e) => `${e.action}:${e.outcome}`).reverse();
    expect(lines).toEqual(['vault-add:ok', 'posture:ok', 'unlock:failed', 'unlock:ok', 'restore:refused', 'restore:ok', 'restore:refused', 'restore:refused', 'restore:ok', 'restore:ok']);
    const restored = audit.entries.filter((e) => e.action === 'restore' && e.outcome === 'ok').map((e) => e.detail);
    expect(restored).toEqual(expect.arrayContaining([expect.stringMatching(/infra\/k8s: verified/), expect.stringMatching(/refs\/heads\/feature: verified/)]));
    await api.ok('session.lock', {});
    for (const f of readdirSync(dir).filter((n) => n.startsWith('console.db'))) {
      expect(readFileSync(join(dir, f)).includes(Buffer.from(PASSPHRASE))).toBe(false);
    }
  });
});

describe('console API on an S3 Object Lock vault (RGW)', () => {
  it('connects with endpoint and credentials from the environment, reads posture, browses and restores a file', async () => {
    Object.assign(process.env, s3Env());
    const url = s3Url(uniqueBucket('console'));
    const { ws } = await consoleVault(`${url}`, s3Env(), 'here');
    const dir = tempDir('bulkhead-console-');
    const core = createConsoleHost({ ...defaultHost(), cacheRoot: join(dir, 'cache') }, join(dir, 'console.db'));
    const api = consoleClient(core);
    try {
      const { id: vaultId } = await api.ok('vaults.add', { name: 's3', url: ws.store });
      await api.ok('session.unlock', { identity: { path: join(ws.dir, 'id.json') }, passphrase: PASSPHRASE });
      const posture = await api.ok('posture.get', { vaultId });
      expect(posture).toMatchObject({ lockMode: 'COMPLIANCE', immutable: true, withIdentity: true, unlockedObjects: { count: 0 } });
      const { snapshots } = await api.ok('snapshots.list', { vaultId });
      const target = join(dir, 'out');
      const plan = await api.ok('restore.plan', { vaultId, snapshot: snapshots[0]!.id, paths: ['infra/k8s/service-1.yaml'], target });
      const { jobId } = await api.ok('restore.start', { planId: plan.planId, confirm: 'out' });
      const job = await api.finished(jobId);
      expect(job.verification).toEqual([expect.objectContaining({ ok: true })]);
      expect(readFileSync(join(target, 'service-1.yaml'), 'utf8')).toBe('kind: Service\nname: s1\n');
    } finally {
      core.close();
    }
  });
});
