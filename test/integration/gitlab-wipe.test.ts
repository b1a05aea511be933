import { describe, expect, it } from 'vitest';
import { makeVault } from '../helpers/vault.js';
import { emulatedGroup } from '../forges/gitlab/harness.js';
import { WRITE_TOKEN } from '../forges/gitlab/emulator.js';
import { parseSourceSpec } from '../../src/sources/spec.js';
import { backup } from '../../src/ops/backup/backup.js';
import { openVault } from '../../src/ops/open-vault.js';
import { diffSnapshots } from '../../src/ops/diff/diff.js';
import { applyGitlabRestore, planGitlabRestore } from '../../src/ops/restore/restore-gitlab.js';
import type { GitlabChange } from '../../src/sources/gitlab/changes.js';
import { spawnSync } from 'node:child_process';

const refs = (gitDir: string) => spawnSync('git', ['--git-dir', gitDir, 'for-each-ref', '--format=%(refname) %(objectname)'], { encoding: 'utf8' }).stdout;

/** Issue 17: an agent wipes part of a group; diff --live names each loss exactly, one verified plan puts it back, variable values included. */
describe('GitLab source: a wipe, reported and restored', () => {
  const group = emulatedGroup(4); // acme/svc-00, acme/platform/svc-01, acme/platform/data/svc-02, acme/web/svc-03

  it('reports exactly what was destroyed, restores it by one confirmed plan and reads it back', async () => {
    const emu = group.emu();
    const v = await makeVault();
    emu.world.project('acme/platform/data/svc-02')!.visibility = 'internal'; // its recreation says so
    await backup({ store: v.store, credential: v.writer, sources: [parseSourceSpec(`acme=gitlab:acme?url=${emu.url}`)], excludes: [], tags: [], clock: v.clock, cacheRoot: v.cacheRoot });
    const reader = await openVault(v.store, v.identity, v.cacheRoot);
    const refsBefore = refs(emu.world.project('acme/platform/data/svc-02')!.gitDir);
    const varsBefore = structuredClone(emu.world.project('acme/web/svc-03')!.variables);

    // The agent, with a token of the api scope: every call through the validated API.
    const api = (method: string, path: string, body?: unknown) => fetch(`${emu.url}/api/v4${path}`, { method, headers: { 'private-token': WRITE_TOKEN, ...(body !== undefined && { 'content-type': 'application/json' }) }, ...(body !== undefined && { body: JSON.stringify(body) }) });
    const enc = encodeURIComponent;
    expect((await api('DELETE', `/projects/${enc('acme/platform/svc-01')}`)).status).toBe(202); // delayed: marked for deletion
    expect((await api('DELETE', `/projects/${enc('acme/platform/data/svc-02')}`)).status).toBe(202);
    expect((await api('DELETE', `/projects/${enc('acme/platform/data/svc-02')}?permanently_remove=true&full_path=${enc('acme/platform/data/svc-02')}`)).status).toBe(202);
    expect((await api('DELETE', `/projects/${enc('acme/svc-00')}/protected_branches/main`)).status).toBe(204);
    expect((await api('PUT', `/projects/${enc('acme/svc-00')}/variables/APP_NAME`, { value: 'hijacked' })).status).toBe(200);
    expect((await api('DELETE', `/projects/${enc('acme/web/svc-03')}/variables/DEPLOY_TOKEN?${enc('filter[environment_scope]')}=production`)).status).toBe(204);
    const schedule = emu.world.project('acme/web/svc-03')!.schedules[0]!.id;
    expect((await api('DELETE', `/projects/${enc('acme/web/svc-03')}/pipeline_schedules/${schedule}`)).status).toBe(204);
    expect((await api('DELETE', `/groups/acme/variables/NPM_TOKEN`)).status).toBe(204);

    const diff = await diffSnapshots(reader, 'latest', 'live');
    const gl = diff.sources.find((s) => s.name === 'acme')!;
    const changes = gl.changes as GitlabChange[];
    expect(changes.map((c) => `${c.type} ${c.scope}${c.target ? ` ${c.target}` : ''}`)).toEqual([
      'variable-deleted acme NPM_TOKEN',
      'project-deleted acme/platform/data/svc-02',
      'project-marked-for-deletion acme/platform/svc-01',
      'branch-unprotected acme/svc-00 main',
      // GitLab drops an unprotected branch from the approval rules that named it: a loss of its own.
      'approval-rule-changed acme/svc-00 Security',
      'variable-changed acme/svc-00 APP_NAME',
      'variable-deleted acme/web/svc-03 DEPLOY_TOKEN (production)',
      'schedule-deleted acme/web/svc-03 nightly',
    ]);
    expect(changes.find((c) => c.type === 'project-marked-for-deletion')!.note).toMatch(/deletes it for good on 2026-11-08; until then a restore cancels the deletion/);
    expect(changes.find((c) => c.type === 'variable-changed')!.fields).toEqual(['value']);
    expect(diff.sources.find((s) => s.name === 'acme.platform.data.svc-02')!.status).toBe('missing');

    // One plan, shown first; applied only with the group's path typed; the operator's token for this run only.
    // A variable's value and a schedule (which runs a pipeline) are the writer's word: held back until named exactly (round 7).
    const steered = (c: GitlabChange) => /^(variable|schedule)-/.test(c.type);
    // The approval rule GitLab left on no branch covers every branch now: put back on main alone, it covers fewer (red team 3): held back too.
    const narrowed = (c: GitlabChange) => c.type === 'approval-rule-changed';
    const unnamed = (await planGitlabRestore({ reader, snapshot: 'latest', name: 'acme', token: WRITE_TOKEN })).plan;
    expect(unnamed.steps.map((s) => s.change.type)).toEqual(changes.filter((c) => !steered(c) && !narrowed(c)).map((c) => c.type));
    expect(unnamed.notRestorable.find(narrowed)?.note).toMatch(/^restoring it would lower protected branches every branch → main: held back.*--only acme\/svc-00:approval-rule-changed:Security$/);
    // The recreated project is private; its recorded visibility (internal) is a step of its own, held back until named (gap 5).
    const visible = unnamed.notRestorable.find((c) => c.type === 'settings-changed')!;
    expect(visible).toMatchObject({ scope: 'acme/platform/data/svc-02', fields: ['visibility'], restorable: false });
    expect(visible.note).toMatch(/^restoring it would lower visibility private → internal .*--only acme\/platform\/data\/svc-02:settings-changed:$/);
    expect(unnamed.notRestorable.filter((c) => c !== visible && !narrowed(c)).map((c) => c.type)).toEqual(changes.filter(steered).map((c) => c.type));
    expect(unnamed.notRestorable.filter((c) => c !== visible && !narrowed(c) && !/^restoring it would set (CI\/CD variable|a pipeline schedule) .*: held back/.test(c.note ?? ''))).toEqual([]);
    // Named exactly (the rest by scope and target, so the recreation still leaves out what it grants).
    const only = [...changes.map((c) => (steered(c) || narrowed(c) ? `${c.scope}:${c.type}:${c.target ?? ''}` : `${c.scope}:${c.target ?? ''}`)), 'acme/platform/data/svc-02:settings-changed:'];
    const { plan, docs } = await planGitlabRestore({ reader, snapshot: 'latest', name: 'acme', token: WRITE_TOKEN, only });
    expect(plan.steps.map((s) => s.change.type)).toEqual(changes.flatMap((c) => (c.type === 'project-deleted' ? [c.type, 'settings-changed'] : [c.type])));
    expect(plan.steps.find((s) => s.change.type === 'settings-changed')!.does).toMatch(/^LOWERS visibility private → internal \(the project is recreated private\)/);
    expect(plan.notRestorable).toEqual([]);
    await expect(applyGitlabRestore({ reader, plan, docs, token: WRITE_TOKEN, confirm: 'acme-typo' })).rejects.toThrow(/--confirm acme/);
    expect(emu.world.project('acme/platform/data/svc-02')).toBeUndefined();
    // The recreated project's refs carry .gitlab-ci.yml, which its push would run with the group's secrets: named, and consented to.
    expect(plan.steps.find((s) => s.change.type === 'project-deleted')!.runsCi).toEqual([expect.stringMatching(/^refs\/heads\/main RUNS CI: \.gitlab-ci\.yml \(new\)/), expect.stringMatching(/^refs\/heads\/release RUNS CI: /)]);

    const result = await applyGitlabRestore({ reader, plan, docs, token: WRITE_TOKEN, confirm: 'acme', allowPipelineChanges: true });
    expect(result.done.filter((d) => !d.verified)).toEqual([]);
    // Read back independently: git refs, the unprotected branch, variable values and flags, the schedule with its variable.
    const svc02 = emu.world.project('acme/platform/data/svc-02')!;
    expect(refs(svc02.gitDir)).toBe(refsBefore);
    expect(svc02.variables.map((x) => [x.key, x.value, x.masked, x.environment_scope])).toEqual(emu.world.project('acme/svc-00')!.variables.map((x) => [x.key, x.key === 'APP_NAME' ? 'svc-02' : x.value.replace('svc-00', 'svc-02'), x.masked, x.environment_scope]));
    expect([svc02.protectedBranches.length, svc02.protectedTags.length, svc02.schedules.length, svc02.environments.length, svc02.protectedEnvironments.length, svc02.hooks.length, svc02.labels.length, svc02.issues.length, !!svc02.pushRule]).toEqual([2, 1, 1, 2, 1, 0, 2, 2, true]);
    // Its hook, deploy keys and members are the writer's word: left out, said, and listed as still differing, to be named.
    expect(plan.steps.find((s) => s.change.type === 'project-deleted')!.does).toMatch(/LEAVES OUT the access it would grant \(acme\/platform\/data\/svc-02 to .*hook to /);
    // Recreated private; who can read it, as the snapshot's writer recorded it, only by the step named for it.
    expect(plan.steps.find((s) => s.change.type === 'project-deleted')!.does).toMatch(/recreate acme\/platform\/data\/svc-02 as a PRIVATE project \(the snapshot records it INTERNAL: made so only by its own step, held back until named: --only acme\/platform\/data\/svc-02:settings-changed:\): settings/);
    expect(svc02.visibility).toBe('internal');
    expect(result.remaining.filter((c) => c.scope === 'acme/platform/data/svc-02').map((c) => c.type)).toEqual(expect.arrayContaining(['hook-deleted']));
    expect(emu.world.project('acme/platform/svc-01')!.marked_for_deletion_on).toBeNull();
    expect(emu.world.project('acme/svc-00')!.protectedBranches.find((b) => b.name === 'main')).toMatchObject({ push: [{ access_level: 40 }], merge: [{ access_level: 30 }], code_owner_approval_required: true });
    expect(emu.world.project('acme/svc-00')!.variables.find((x) => x.key === 'APP_NAME')!.value).toBe('svc-00');
    const byKey = (a: { key: string }, b: { key: string }) => (a.key < b.key ? -1 : 1);
    expect([...emu.world.project('acme/web/svc-03')!.variables].sort(byKey)).toEqual([...varsBefore].sort(byKey));
    expect(emu.world.project('acme/web/svc-03')!.schedules[0]).toMatchObject({ description: 'nightly', cron: '0 3 * * *', variables: [{ key: 'SUITE', value: 'full' }] });
    expect(emu.world.group('acme')!.variables.find((x) => x.key === 'NPM_TOKEN')).toMatchObject({ value: 'npm_groupsecretvalue123', masked: true, protected: true });
    // Nothing restorable still differs; what a recreated project cannot get back as it was is still said.
    expect(result.remaining.filter((c) => plan.steps.some((s) => s.change.type === c.type && s.change.scope === c.scope && s.change.target === c.target))).toEqual([]);
  }, 300_000);
});
