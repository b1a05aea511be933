import { describe, expect, it } from 'vitest';
import { makeVault } from '../helpers/vault.js';
import { emulatedGroup } from '../forges/gitlab/harness.js';
import { WRITE_TOKEN } from '../forges/gitlab/emulator.js';
import type { GitlabEmulator } from '../forges/gitlab/emulator.js';
import { parseSourceSpec } from '../../src/sources/spec.js';
import { backup } from '../../src/ops/backup/backup.js';
import { openVault } from '../../src/ops/open-vault.js';
import { applyGitlabRestore, planGitlabRestore } from '../../src/ops/restore/restore-gitlab.js';
import type { GitlabChange } from '../../src/sources/gitlab/changes.js';

const line = (c: GitlabChange) => `${c.type} ${c.scope}${c.target ? ` ${c.target}` : ''}`;
const named = (c: GitlabChange) => `${c.scope}:${c.type}:${c.target ?? ''}`;

async function snapshotOf(emu: GitlabEmulator) {
  const v = await makeVault();
  const r = await backup({ store: v.store, credential: v.writer, sources: [parseSourceSpec(`acme=gitlab:acme?url=${emu.url}`)], excludes: [], tags: [], clock: v.clock, cacheRoot: v.cacheRoot });
  expect(r.failed).toEqual([]);
  return { reader: await openVault(v.store, v.identity, v.cacheRoot), snapshot: r.snapshot };
}

/**
 * A GitLab restore puts back what its plan says it puts back, exactly: a changed hook, member, key,
 * label, milestone, environment, schedule or release edited in place; protected refs with every user
 * and group they named; approval rules with their groups; a group milestone; and what it cannot write
 * (a protected environment's change, a hidden variable's value) said, never called restorable.
 */
describe('GitLab restore: what the plan says, exactly', () => {
  const group = emulatedGroup(1); // acme/svc-00

  it('edits changed items in place, keeps every access level, and names what it leaves to the operator', async () => {
    const emu = group.emu();
    const w = emu.world;
    const p = w.project('acme/svc-00')!;
    const platform = w.group('acme/platform')!;
    const top = w.group('acme')!;
    // What the snapshot records (GitLab Premium: users and groups on protected refs and approval rules).
    Object.assign(p.protectedBranches.find((b) => b.name === 'main')!, { push: [{ access_level: 40 }, { access_level: 40, user_id: 3 }, { access_level: 40, group_id: platform.id }] });
    Object.assign(p.protectedBranches.find((b) => b.name === 'release')!, { merge: [{ access_level: 40 }, { access_level: 40, user_id: 2 }] });
    p.protectedTags[0]!.create.push({ access_level: 40, user_id: 2 });
    p.approvalRules[0]!.group_ids = [platform.id];
    p.variables.push({ key: 'SIGNING_KEY', value: 'never-shown', variable_type: 'env_var', protected: true, masked: true, raw: false, environment_scope: '*', description: null, hidden: true });
    const saved = structuredClone({ p: { ...p, gitDir: '' }, top: { ...top } });
    const { reader, snapshot } = await snapshotOf(emu);

    // The agent's changes, GitLab's state as its API would leave it.
    const main = p.protectedBranches.find((b) => b.name === 'main')!;
    main.push = [{ access_level: 40 }, { access_level: 40, user_id: 4 }, { access_level: 40, group_id: platform.id }]; // bob swapped for carol
    p.protectedBranches.splice(p.protectedBranches.findIndex((b) => b.name === 'release'), 1);
    p.protectedTags[0]!.create = [{ access_level: 40 }];
    p.approvalRules.splice(0, 1);
    p.hooks[0]!.events = { push_events: false, pipeline_events: true };
    p.members[0]!.access_level = 30;
    p.deployKeys[0]!.title = 'renamed';
    p.labels[0]!.color = '#000000';
    Object.assign(p.milestones[0]!, { state: 'closed', description: 'rewritten' });
    p.environments[0]!.external_url = 'https://elsewhere.example';
    Object.assign(p.schedules[0]!, { cron: '* * * * *', variables: [{ key: 'SUITE', value: 'none', variable_type: 'env_var' }, { key: 'EXTRA', value: 'x', variable_type: 'env_var' }] });
    p.releases[0]!.description = 'defaced';
    p.protectedEnvironments[0]!.required_approval_count = 0;
    p.variables.splice(p.variables.findIndex((v) => v.key === 'SIGNING_KEY'), 1);
    top.milestones.splice(0, 1);
    top.labels[0]!.description = 'nothing';

    const unnamed = (await planGitlabRestore({ reader, snapshot, name: 'acme', token: WRITE_TOKEN })).plan;
    const held = Object.fromEntries(unnamed.notRestorable.map((c) => [line(c), c]));
    // Never called restorable when the run will not write it: what to do by hand, said.
    expect(unnamed.notRestorable.filter((c) => c.restorable)).toEqual([]);
    expect(held['protected-environment-changed acme/svc-00 production']!.note).toMatch(/^not written by this version .*Settings > CI\/CD > Protected environments/);
    expect(held['variable-deleted acme/svc-00 SIGNING_KEY']!.note).toMatch(/^GitLab does not return a hidden variable's value, so the snapshot has none: set SIGNING_KEY of acme\/svc-00 by hand .*never writes an empty value over it$/);
    // Who may push, a hook's events, a member's role, a schedule: held back until named (LOWERS, GRANTS, SETS).
    expect(held['protected-branch-changed acme/svc-00 main']!.note).toMatch(/^restoring it would lower push_access_levels lets in user 3: held back/);
    expect(held['protected-tag-changed acme/svc-00 v*']!.note).toMatch(/^restoring it would lower create_access_levels lets in user 2/);
    expect(held['hook-changed acme/svc-00 https://ci.example/hooks/svc-00']!.note).toMatch(/^restoring it would grant /);
    expect(held['member-changed acme/svc-00 carol']!.note).toMatch(/^restoring it would grant acme\/svc-00 to @carol maintainer/);
    expect(held['schedule-changed acme/svc-00 nightly']!.note).toMatch(/^restoring it would set a pipeline schedule /);
    expect(unnamed.steps.map((s) => line(s.change)).sort()).toEqual([
      'approval-rule-deleted acme/svc-00 Security',
      'branch-unprotected acme/svc-00 release',
      'deploy-key-changed acme/svc-00 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx0',
      'environment-changed acme/svc-00 production',
      'label-changed acme incident',
      'label-changed acme/svc-00 bug',
      'milestone-changed acme/svc-00 v1.0',
      'milestone-deleted acme Q4',
      'release-changed acme/svc-00 v1.0',
    ]);
    expect(unnamed.steps.find((s) => s.change.type === 'protected-branch-changed')).toBeUndefined();

    // Named, each one: the plan's steps, then GitLab read back.
    const all = [...unnamed.steps.map((s) => s.change), ...unnamed.notRestorable];
    const { plan, docs } = await planGitlabRestore({ reader, snapshot, name: 'acme', token: WRITE_TOKEN, only: all.map(named) });
    expect(plan.notRestorable.map(line).sort()).toEqual(['protected-environment-changed acme/svc-00 production', 'variable-deleted acme/svc-00 SIGNING_KEY']);
    expect(plan.steps.find((s) => s.change.type === 'protected-tag-changed')!.does).toMatch(/GitLab has no call that edits a protected tag, so it is unprotected and protected again: between the two calls the tag is UNPROTECTED/);
    const result = await applyGitlabRestore({ reader, plan, docs, token: WRITE_TOKEN, confirm: 'acme' });
    expect(result.done.filter((d) => !d.verified)).toEqual([]);
    expect(result.remaining.map(line).sort()).toEqual(['protected-environment-changed acme/svc-00 production', 'variable-deleted acme/svc-00 SIGNING_KEY']);

    // A changed branch protection was edited in place: main was never unprotected.
    expect(emu.server.counters.byRoute.get('DELETE /projects/:id/protected_branches/:name')).toBeUndefined();
    expect(emu.server.counters.byRoute.get('PATCH /projects/:id/protected_branches/:name')).toBe(1);
    const levels = (xs: { access_level: number; user_id?: number | null; group_id?: number | null }[]) => xs.map((a) => [a.access_level, a.user_id ?? null, a.group_id ?? null]).sort();
    for (const b of saved.p.protectedBranches) {
      const now = p.protectedBranches.find((x) => x.name === b.name)!;
      expect([b.name, levels(now.push), levels(now.merge), levels(now.unprotect)]).toEqual([b.name, levels(b.push), levels(b.merge), levels(b.unprotect)]);
    }
    expect(levels(p.protectedTags[0]!.create)).toEqual(levels(saved.p.protectedTags[0]!.create));
    expect(p.approvalRules[0]).toMatchObject({ name: 'Security', approvals_required: 2, user_ids: [2, 3], group_ids: [platform.id] });
    // The same hook, key, label, milestone, environment, schedule and release (ids kept), as they were.
    expect(p.hooks[0]).toMatchObject({ id: saved.p.hooks[0]!.id, token: 'hook-secret', events: { push_events: true, pipeline_events: true } });
    expect(p.members[0]!.access_level).toBe(40);
    expect(p.deployKeys[0]).toMatchObject({ id: saved.p.deployKeys[0]!.id, title: 'deploy' });
    expect(p.labels[0]).toMatchObject({ id: saved.p.labels[0]!.id, color: '#d73a4a' });
    expect(p.milestones[0]).toMatchObject({ id: saved.p.milestones[0]!.id, state: 'active', description: 'first cut' });
    expect(p.environments[0]).toMatchObject({ id: saved.p.environments[0]!.id, external_url: 'https://svc-00.example' });
    expect(p.schedules[0]).toMatchObject({ id: saved.p.schedules[0]!.id, cron: '0 3 * * *', variables: [{ key: 'SUITE', value: 'full' }] });
    expect(p.releases[0]!.description).toBe('notes');
    expect(top.milestones.map((m) => [m.title, m.description, m.due_date, m.state])).toEqual([['Q4', 'quarter', '2026-12-31', 'active']]);
    expect(top.labels[0]!.description).toBe('Production incident');
    // The hidden variable was not written: no empty value in its place.
    expect(p.variables.find((v) => v.key === 'SIGNING_KEY')).toBeUndefined();
  }, 300_000);

  it('GitLab Free: a branch protection it cannot edit in place is unprotected and protected again, said; a failed second call fails loudly', async () => {
    const emu = group.emu();
    const p = emu.world.project('acme/svc-00')!;
    const main = p.protectedBranches.find((b) => b.name === 'main')!;
    const release = p.protectedBranches.find((b) => b.name === 'release')!;
    // Free has roles only (the users and groups the first test put back are Premium's).
    Object.assign(main, { push: [{ access_level: 40 }], merge: [{ access_level: 30 }] });
    release.merge = [{ access_level: 40 }];
    const { reader, snapshot } = await snapshotOf(emu);
    emu.world.premium = false;
    main.merge = [{ access_level: 40 }]; // raised: putting it back to 30 lowers, so it is named
    release.unprotect = [{ access_level: 60 }]; // likewise
    try {
      const only = ['acme/svc-00:protected-branch-changed:main', 'acme/svc-00:protected-branch-changed:release'];
      const { plan, docs } = await planGitlabRestore({ reader, snapshot, name: 'acme', token: WRITE_TOKEN, only });
      expect(plan.steps.map((s) => s.does)).toEqual([expect.stringMatching(/^LOWERS merge_access_levels open to a lower role .*edited in place \(it stays protected\); where GitLab does not edit its access lists in place \(GitLab Free\), it is unprotected and protected again: between the two calls the branch is UNPROTECTED, and if the second fails it stays so/), expect.stringMatching(/^LOWERS unprotect_access_levels open to a lower role \(60 → 40\): put back the protection of branch acme\/svc-00 release/)]);
      // The second call of release's step fails (fault injected): the step says the branch is open; the read-back names it.
      const first = await applyGitlabRestore({ reader, plan: { ...plan, steps: plan.steps.slice(0, 1) }, docs, token: WRITE_TOKEN, confirm: 'acme' });
      expect(first.done).toEqual([expect.objectContaining({ verified: true, notes: [expect.stringMatching(/^GitLab did not edit who may push, merge or unprotect main in place \(GitLab Free does not\): it was unprotected and protected again$/)] })]);
      expect(p.protectedBranches.find((b) => b.name === 'main')!.merge).toEqual([{ access_level: 30 }]);
      emu.server.failOnce.add('POST /projects/:id/protected_branches');
      const second = await applyGitlabRestore({ reader, plan: { ...plan, steps: plan.steps.slice(1) }, docs, token: WRITE_TOKEN, confirm: 'acme' });
      expect(second.done).toEqual([expect.objectContaining({ verified: false, error: expect.stringMatching(/^branch release of acme\/svc-00 is UNPROTECTED now: .*protecting it failed .*protect it by hand$/) })]);
      expect(second.remaining.map(line)).toContain('branch-unprotected acme/svc-00 release');
      expect(p.protectedBranches.find((b) => b.name === 'release')).toBeUndefined();
    } finally {
      emu.world.premium = true;
    }
  }, 300_000);
});
