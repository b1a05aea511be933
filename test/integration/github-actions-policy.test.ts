import { describe, expect, it } from 'vitest';
import { CliWorkspace } from '../helpers/cli.js';
import { emulatedOrg } from '../forges/github/harness.js';
import { READ_TOKEN, WRITE_TOKEN } from '../forges/github/emulator.js';
import type { DiffResult } from '../../src/ops/diff/diff.js';
import type { GithubChange } from '../../src/sources/github/changes.js';
import type { GithubRestorePlan, GithubRestoreResult } from '../../src/ops/restore/restore-github.js';

/**
 * A hijacked agent with a forge token weakens every pipeline without touching a workflow file:
 * all actions allowed, a write GITHUB_TOKEN, workflows approving pull requests, more actions let in.
 * `diff --live` names each weakening and its way; `restore-github` puts the policy back (a part whose
 * snapshot value is the weaker one only when named) and a second diff finds nothing.
 */
describe('GitHub source: Actions permissions of the organisation and its repositories', () => {
  const org = emulatedOrg(4); // svc-02 is a fork (not backed up), svc-03 archived

  it('backs up, reports each weakening with its way, and puts the policy back', async () => {
    const emu = org.emu();
    const w = emu.world;
    w.accounts.get('acme')!.actions = {
      enabled_repositories: 'all', allowed_actions: 'selected', sha_pinning_required: true,
      workflow: { default_workflow_permissions: 'read', can_approve_pull_request_reviews: false },
      selected: { github_owned_allowed: true, verified_allowed: false, patterns_allowed: ['acme/*'] },
    };
    w.repo('acme', 'svc-00')!.actionsPermissions = { enabled: true, allowed_actions: 'local_only' };
    w.repo('acme', 'svc-01')!.actionsPermissions = { enabled: true, allowed_actions: 'selected', sha_pinning_required: false };
    w.repo('acme', 'svc-01')!.selectedActions = { github_owned_allowed: true, verified_allowed: false, patterns_allowed: ['acme/*', 'actions/checkout@v4'] };
    const ws = new CliWorkspace(undefined, { GITHUB_TOKEN: READ_TOKEN, BULKHEAD_GITHUB_WRITE_INTERVAL_MS: '0' });
    await ws.setupQuick();
    await ws.hereOk(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', `acme=github:acme?url=${emu.url}`]);

    // The agent, through the validated API.
    expect((await api('PUT', '/orgs/acme/actions/permissions', { enabled_repositories: 'all', allowed_actions: 'all' })).status).toBe(204);
    expect((await api('PUT', '/orgs/acme/actions/permissions/workflow', { default_workflow_permissions: 'write', can_approve_pull_request_reviews: true })).status).toBe(204);
    expect((await api('PUT', '/repos/acme/svc-00/actions/permissions', { enabled: true, allowed_actions: 'all' })).status).toBe(204);
    expect((await api('PUT', '/repos/acme/svc-00/actions/permissions/workflow', { default_workflow_permissions: 'write' })).status).toBe(204);
    expect((await api('PUT', '/repos/acme/svc-01/actions/permissions/selected-actions', { github_owned_allowed: true, verified_allowed: true, patterns_allowed: ['acme/*', 'actions/checkout@v4', 'evil/*'] })).status).toBe(204);
    // The operator, meanwhile, made svc-01 stricter: putting its snapshot back would lower that.
    expect((await api('PUT', '/repos/acme/svc-01/actions/permissions', { enabled: true, allowed_actions: 'selected', sha_pinning_required: true })).status).toBe(204);

    const changes = async () => ((JSON.parse((await ws.hereOk([...ws.operator('diff', 'latest', '--live'), '--json'])).stdout) as DiffResult).sources.find((s) => s.name === 'acme')!.changes as GithubChange[]);
    const seen = (await changes()).map((c) => `${c.type} ${c.scope} (${(c.fields ?? []).join(', ')}) — ${c.note ?? ''}`);
    expect(seen).toEqual([
      'actions-permissions-weakened acme (allowed_actions, default_workflow_permissions, can_approve_pull_request_reviews) — allowed_actions selected → all (weaker); default_workflow_permissions read → write (weaker); can_approve_pull_request_reviews false → true (weaker)',
      'actions-permissions-weakened acme/svc-00 (allowed_actions, default_workflow_permissions) — allowed_actions local_only → all (weaker); default_workflow_permissions read → write (weaker)',
      'actions-permissions-weakened acme/svc-01 (sha_pinning_required, verified_allowed, patterns_allowed) — sha_pinning_required false → true; verified_allowed false → true (weaker); patterns_allowed [acme/*, actions/checkout@v4] → [acme/*, actions/checkout@v4, evil/*] (weaker)',
    ]);
    expect((await ws.hereOk(ws.operator('diff', 'latest', '--live'))).stdout).toContain('actions-permissions-weakened acme/svc-00 (allowed_actions, default_workflow_permissions) — allowed_actions local_only → all (weaker)');

    // The plan: the two that only raise protection; svc-01's would also lower sha pinning, held back until named.
    ws.env.GITHUB_RESTORE_TOKEN = WRITE_TOKEN;
    const { plan } = JSON.parse((await ws.hereOk([...ws.operator('restore-github', 'latest:acme', '--dry-run'), '--json'])).stdout) as { plan: GithubRestorePlan };
    expect(plan.steps.map((s) => s.change.scope)).toEqual(['acme', 'acme/svc-00']);
    expect(plan.steps[1]!.does).toBe("set acme/svc-00's Actions permissions back as in the snapshot: allowed_actions, default_workflow_permissions (since the snapshot: allowed_actions local_only → all (weaker); default_workflow_permissions read → write (weaker))");
    const held = plan.notRestorable.find((c) => c.scope === 'acme/svc-01')!;
    expect(held.note).toBe("restoring it would lower Actions sha_pinning_required true → false: held back, as what a snapshot records is its writer's word; to restore it anyway name it: --only acme/svc-01:actions-permissions-weakened:");

    const result = JSON.parse((await ws.hereOk([...ws.operator('restore-github', 'latest:acme', '--confirm', 'acme'), '--json'])).stdout) as GithubRestoreResult;
    expect(result.done.map((d) => [d.change.scope, d.verified])).toEqual([['acme', true], ['acme/svc-00', true]]);
    expect(w.accounts.get('acme')!.actions).toMatchObject({ allowed_actions: 'selected', workflow: { default_workflow_permissions: 'read', can_approve_pull_request_reviews: false } });
    expect(w.repo('acme', 'svc-00')!.workflowPermissions.default_workflow_permissions).toBe('read');

    // Named, it says first what it lowers, and puts the snapshot's policy back whole.
    const { plan: namedPlan } = JSON.parse((await ws.hereOk([...ws.operator('restore-github', 'latest:acme', '--dry-run', '--only', 'acme/svc-01:actions-permissions-weakened:'), '--json'])).stdout) as { plan: GithubRestorePlan };
    expect(namedPlan.steps.map((s) => s.does)).toEqual([expect.stringMatching(/^LOWERS Actions sha_pinning_required true → false: set acme\/svc-01's Actions permissions back/)]);
    const named = JSON.parse((await ws.hereOk([...ws.operator('restore-github', 'latest:acme', '--confirm', 'acme', '--only', 'acme/svc-01:actions-permissions-weakened:'), '--json'])).stdout) as GithubRestoreResult;
    expect(named.done.map((d) => d.verified)).toEqual([true]);
    expect(w.repo('acme', 'svc-01')!.selectedActions).toEqual({ github_owned_allowed: true, verified_allowed: false, patterns_allowed: ['acme/*', 'actions/checkout@v4'] });
    expect(await changes()).toEqual([]);
  }, 300_000);

  function api(method: string, path: string, body?: unknown): Promise<Response> {
    return fetch(`${org.emu().url}${path}`, { method, headers: { authorization: `token ${WRITE_TOKEN}`, ...(body !== undefined && { 'content-type': 'application/json' }) }, ...(body !== undefined && { body: JSON.stringify(body) }) });
  }
});
