import { describe, expect, it } from 'vitest';
import { makeVault } from '../helpers/vault.js';
import { emulatedOrg } from '../forges/github/harness.js';
import { emulatedGroup } from '../forges/gitlab/harness.js';
import { WRITE_TOKEN as GITHUB_WRITE } from '../forges/github/emulator.js';
import { WRITE_TOKEN as GITLAB_WRITE } from '../forges/gitlab/emulator.js';
import { parseSourceSpec } from '../../src/sources/spec.js';
import { backup } from '../../src/ops/backup/backup.js';
import { openVault } from '../../src/ops/open-vault.js';
import { applyGithubRestore, planGithubRestore } from '../../src/ops/restore/restore-github.js';
import { applyGitlabRestore, planGitlabRestore } from '../../src/ops/restore/restore-gitlab.js';
import { readDocuments } from '../../src/sources/github/read-documents.js';
import { snapshotFor } from '../../src/ops/snapshot-ref.js';
import { protectionInput } from '../../src/sources/github/restore-inputs.js';
import { weakened } from '../../src/sources/github/protection-strength.js';
import type { ForgeChange } from '../../src/sources/forge/forge-change.js';
import { RogueWriter } from '../helpers/rogue-tree.js';
import { docsTree } from '../helpers/forge-docs-tree.js';
import type { TestVault as Vault } from '../helpers/vault.js';

type J = Record<string, unknown>;
const line = (c: ForgeChange) => `${c.type} ${c.scope}${c.target ? ` ${c.target}` : ''}`;
const heldNote = (p: { notRestorable: ForgeChange[] }, what: string) => p.notRestorable.find((c) => line(c) === what)?.note ?? '';

/** The honest backup's documents, and a snapshot the hijacked writer signs of them as `edit` changes them. */
async function forged(v: Vault, source: string, edit: (d: Map<string, unknown>) => void) {
  const first = await backup({ store: v.store, credential: v.writer, sources: [parseSourceSpec(source)], excludes: [], tags: [], clock: v.clock, cacheRoot: v.cacheRoot });
  expect(first.failed).toEqual([]);
  const honest = await openVault(v.store, v.identity, v.cacheRoot);
  const record = (await snapshotFor(honest, first.snapshot)).manifest.sources[0]!;
  const docs = new Map(structuredClone([...(await readDocuments(honest, record.root))]));
  edit(docs);
  const rogue = await RogueWriter.open(v.store, v.writer);
  const snapshot = await rogue.snapshot([{ name: record.name, kind: record.kind, locator: record.locator, root: await docsTree(rogue, docs) }]);
  return { snapshot, reader: await openVault(v.store, v.identity, v.cacheRoot) };
}

/** Red team 4: what a GitHub restore wrote was not what it judged (required checks, organisation settings). */
describe('rogue forge lowering, round 4: GitHub', () => {
  const org = emulatedOrg(1);
  const api = async (method: string, path: string, body?: J) => {
    const res = await fetch(`${org.emu().url}${path}`, { method, headers: { authorization: `token ${GITHUB_WRITE}`, 'content-type': 'application/json', accept: 'application/vnd.github+json' }, ...(body && { body: JSON.stringify(body) }) });
    expect(res.status).toBeLessThan(300);
    return (await res.json()) as J;
  };

  it('R4-1: `checks` emptied under the same `contexts` is held back; the live branch keeps its required check', async () => {
    const repo = org.emu().world.repo('acme', 'svc-00')!;
    const before = structuredClone(repo.protections.get('main'));
    const f = await forged(await makeVault(), org.source(), (d) => {
      const prot = d.get('acme/svc-00/branch-protections.json') as Record<string, J>;
      prot.main = { ...prot.main!, required_status_checks: { ...(prot.main!.required_status_checks as J), checks: [] } };
    });
    const { plan, docs } = await planGithubRestore({ reader: f.reader, snapshot: f.snapshot, name: 'gh', token: GITHUB_WRITE });
    expect(plan.steps.map((s) => line(s.change))).toEqual([]);
    expect(heldNote(plan, 'protection-changed acme/svc-00 main') || heldNote(plan, 'protection-weakened acme/svc-00 main')).toMatch(/would lower branch protection required_status_checks\.contexts/);
    await applyGithubRestore({ reader: f.reader, plan, docs, token: GITHUB_WRITE, confirm: plan.confirm, writeIntervalMs: 0 });
    expect(repo.protections.get('main')).toEqual(before);
    const live = await api('GET', '/repos/acme/svc-00/branches/main/protection');
    expect((live.required_status_checks as J).checks).toEqual([{ context: 'ci/test', app_id: null }]);
  }, 300_000);

  it('R4-1: protectionInput round-trips through the emulator: what is read back is judged as the snapshot was', async () => {
    const repo = org.emu().world.repo('acme', 'svc-00')!;
    const kept = structuredClone(repo.protections.get('main'));
    try {
      const live = await api('GET', '/repos/acme/svc-00/branches/main/protection');
      // The live protection written back as it is: nothing weakened.
      await api('PUT', '/repos/acme/svc-00/branches/main/protection', protectionInput(live));
      expect(weakened(live, await api('GET', '/repos/acme/svc-00/branches/main/protection'))).toEqual([]);
      // A forged one: judged weakened, and what GitHub then has is weakened the same way.
      const forgedProt = { ...live, required_status_checks: { ...(live.required_status_checks as J), checks: [] } };
      expect(weakened(live, forgedProt)).toEqual(['required_status_checks.contexts']);
      await api('PUT', '/repos/acme/svc-00/branches/main/protection', protectionInput(forgedProt));
      expect(weakened(live, await api('GET', '/repos/acme/svc-00/branches/main/protection'))).toEqual(['required_status_checks.contexts']);
    } finally {
      repo.protections.set('main', kept!);
    }
  }, 300_000);

  it('R4-6: organisation settings opened and the billing address redirected are held back; named, the step says so first', async () => {
    const acme = org.emu().world.accounts.get('acme')! as unknown as { settings: J };
    acme.settings = { ...acme.settings, deploy_keys_enabled_for_repositories: false, members_can_create_internal_repositories: false, members_can_create_private_pages: false, members_can_create_repositories: false, billing_email: 'billing@acme.example' };
    const before = structuredClone(acme.settings);
    const f = await forged(await makeVault(), org.source(), (d) => {
      Object.assign(d.get('acme/_org/org.json') as J, { deploy_keys_enabled_for_repositories: true, members_can_create_internal_repositories: true, members_can_create_private_pages: true, members_can_create_repositories: true, billing_email: 'mallory@evil.example' });
    });
    const { plan, docs } = await planGithubRestore({ reader: f.reader, snapshot: f.snapshot, name: 'gh', token: GITHUB_WRITE });
    expect(plan.steps.map((s) => line(s.change))).toEqual([]);
    const note = heldNote(plan, 'org-settings-changed acme');
    for (const f of ['members_can_create_repositories', 'members_can_create_internal_repositories', 'members_can_create_private_pages', 'deploy_keys_enabled_for_repositories']) expect(note).toContain(`${f} off → on`);
    expect(note).toContain("grant mallory@evil.example receives acme's billing mail (now billing@acme.example)");
    await applyGithubRestore({ reader: f.reader, plan, docs, token: GITHUB_WRITE, confirm: plan.confirm, writeIntervalMs: 0 });
    expect(acme.settings).toEqual(before);
    const named = await planGithubRestore({ reader: f.reader, snapshot: f.snapshot, name: 'gh', token: GITHUB_WRITE, only: ['acme:org-settings-changed:'] });
    expect(named.plan.steps.map((s) => s.does)).toEqual([expect.stringMatching(/^LOWERS .*deploy_keys_enabled_for_repositories off → on; GRANTS mallory@evil\.example receives acme's billing mail/)]);
  }, 300_000);
});

/** Red team 4: GitLab steps the lowering check passed that GitLab itself turns into lowering. */
describe('rogue forge lowering, round 4: GitLab', () => {
  const group = emulatedGroup(1);
  const project = () => group.emu().world.project('acme/svc-00')!;
  const liveRule = () => project().approvalRules.find((r) => r.name === 'Security')!;
  const plan = (f: { snapshot: string; reader: Awaited<ReturnType<typeof openVault>> }, only: string[] = []) => planGitlabRestore({ reader: f.reader, snapshot: f.snapshot, name: 'gl', token: GITLAB_WRITE, only });

  it('R4-2: a rule requiring 101 approvals is refused before the live rule is touched; the emulator refuses it as GitLab does', async () => {
    const before = structuredClone(liveRule());
    const f = await forged(await makeVault(), group.source(), (d) => {
      (d.get('projects/acme/svc-00/approval-rules.json') as J[]).find((r) => r.name === 'Security')!.approvals_required = 101;
    });
    const { plan: p, docs } = await plan(f);
    const result = await applyGitlabRestore({ reader: f.reader, plan: p, docs, token: GITLAB_WRITE, confirm: p.confirm });
    expect(result.done.map((d) => [line(d.change), d.outcome, d.error])).toEqual([['approval-rule-changed acme/svc-00 Security', 'failed', expect.stringMatching(/records 101 approvals, more than GitLab allows \(100\); refused, nothing of it written/)]]);
    expect(liveRule()).toEqual(before);
    const res = await fetch(`${group.emu().url}/api/v4/projects/${project().id}/approval_rules`, { method: 'POST', headers: { 'private-token': GITLAB_WRITE, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Too many', approvals_required: 101 }) });
    expect(res.status).toBe(400);
    expect(project().approvalRules.map((r) => r.name)).not.toContain('Too many');
  }, 300_000);

  it('R4-2: a stricter rule is edited in place (same id), never deleted first', async () => {
    const before = structuredClone(liveRule());
    try {
      const f = await forged(await makeVault(), group.source(), (d) => {
        (d.get('projects/acme/svc-00/approval-rules.json') as J[]).find((r) => r.name === 'Security')!.approvals_required = 100;
      });
      const { plan: p, docs } = await plan(f);
      const result = await applyGitlabRestore({ reader: f.reader, plan: p, docs, token: GITLAB_WRITE, confirm: p.confirm });
      expect(result.done.map((d) => d.outcome)).toEqual(['verified']);
      expect(liveRule()).toEqual({ ...before, approvals_required: 100, group_ids: [] });
    } finally {
      Object.assign(liveRule(), before);
    }
  }, 300_000);

  it('R4-3: jobs_enabled recorded as "true" over a live false is held back, and refused when named; CI stays off', async () => {
    project().settings.jobs_enabled = false; // the operator turned CI off for this project
    const f = await forged(await makeVault(), group.source(), (d) => {
      (d.get('projects/acme/svc-00/project.json') as J).jobs_enabled = 'true'; // GitLab's API reads it as true
    });
    const { plan: p, docs } = await plan(f);
    expect(p.steps.map((s) => line(s.change))).toEqual([]);
    expect(heldNote(p, 'settings-changed acme/svc-00')).toMatch(/would lower jobs_enabled recorded as "true", not true or false: held back/);
    await applyGitlabRestore({ reader: f.reader, plan: p, docs, token: GITLAB_WRITE, confirm: p.confirm });
    const named = await plan(f, ['acme/svc-00:settings-changed:']);
    const result = await applyGitlabRestore({ reader: f.reader, plan: named.plan, docs: named.docs, token: GITLAB_WRITE, confirm: named.plan.confirm });
    expect(result.done.map((d) => [d.outcome, d.error])).toEqual([['failed', expect.stringMatching(/jobs_enabled as "true", not true or false; refused, nothing written/)]]);
    expect(project().settings.jobs_enabled).toBe(false);
  }, 300_000);
});
