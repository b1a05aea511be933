import { describe, expect, it } from 'vitest';
import { CliWorkspace } from '../helpers/cli.js';
import { emulatedGroup } from '../forges/gitlab/harness.js';
import { READ_TOKEN, WRITE_TOKEN } from '../forges/gitlab/emulator.js';
import type { DiffResult } from '../../src/ops/diff/diff.js';
import type { GitlabChange } from '../../src/sources/gitlab/changes.js';
import type { GitlabRestorePlan, GitlabRestoreResult } from '../../src/ops/restore/restore-gitlab.js';

/**
 * A hijacked agent with an api-scoped token weakens a project's pipelines without touching
 * .gitlab-ci.yml: the config read from another project, public job logs, user-defined variables
 * let in, a longer timeout, shared runners on. `diff --live` names each with its way;
 * `restore-gitlab` puts them back (a setting whose snapshot value is the weaker one only when named)
 * and a second diff finds nothing.
 */
describe('GitLab source: a project\'s CI/CD settings', () => {
  const group = emulatedGroup(2); // acme/svc-00, acme/platform/svc-01

  it('backs up, reports each weakening with its way, and puts the settings back', async () => {
    const emu = group.emu();
    const svc00 = emu.world.project('acme/svc-00')!;
    const svc01 = emu.world.project('acme/platform/svc-01')!;
    Object.assign(svc00.ci, { public_jobs: false, shared_runners_enabled: false, restrict_user_defined_variables: true, ci_pipeline_variables_minimum_override_role: 'maintainer' });
    Object.assign(svc01.ci, { public_jobs: false, build_timeout: 1800 });
    const ws = new CliWorkspace(undefined, { GITLAB_TOKEN: READ_TOKEN });
    await ws.setupQuick();
    await ws.hereOk(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', `acme=gitlab:acme?url=${emu.url}`]);

    // The agent, through the validated API; the operator meanwhile turns svc-01's shared runners off (stricter than the snapshot).
    const api = (method: string, path: string, body?: unknown) => fetch(`${emu.url}/api/v4${path}`, { method, headers: { 'private-token': WRITE_TOKEN, ...(body !== undefined && { 'content-type': 'application/json' }) }, ...(body !== undefined && { body: JSON.stringify(body) }) });
    const enc = encodeURIComponent;
    expect((await api('PUT', `/projects/${enc('acme/svc-00')}`, { ci_config_path: '.gitlab-ci.yml@evil/pipelines', public_jobs: true, shared_runners_enabled: true, restrict_user_defined_variables: false, ci_pipeline_variables_minimum_override_role: 'developer' })).status).toBe(200);
    expect((await api('PUT', `/projects/${enc('acme/platform/svc-01')}`, { build_timeout: 86_400, ci_forward_deployment_enabled: false, auto_cancel_pending_pipelines: 'disabled', shared_runners_enabled: false })).status).toBe(200);

    const changes = async () => ((JSON.parse((await ws.hereOk([...ws.operator('diff', 'latest', '--live'), '--json'])).stdout) as DiffResult).sources.find((s) => s.name === 'acme')!.changes as GitlabChange[]);
    expect((await changes()).map((c) => `${c.type} ${c.scope} (${(c.fields ?? []).join(', ')}) — ${c.note ?? ''}`)).toEqual([
      'ci-settings-weakened acme/platform/svc-01 (build_timeout, shared_runners_enabled, ci_forward_deployment_enabled, auto_cancel_pending_pipelines) — build_timeout 1800 → 86400 (weaker); shared_runners_enabled true → false; ci_forward_deployment_enabled true → false (weaker); auto_cancel_pending_pipelines "enabled" → "disabled"',
      'ci-settings-weakened acme/svc-00 (ci_config_path, public_jobs, shared_runners_enabled, restrict_user_defined_variables, ci_pipeline_variables_minimum_override_role) — ci_config_path (default .gitlab-ci.yml) → ".gitlab-ci.yml@evil/pipelines" (weaker); public_jobs false → true (weaker); shared_runners_enabled false → true (weaker); restrict_user_defined_variables true → false (weaker); ci_pipeline_variables_minimum_override_role "maintainer" → "developer" (weaker)',
    ]);

    ws.env.GITLAB_RESTORE_TOKEN = WRITE_TOKEN;
    const { plan } = JSON.parse((await ws.hereOk([...ws.operator('restore-gitlab', 'latest:acme', '--dry-run'), '--json'])).stdout) as { plan: GitlabRestorePlan };
    expect(plan.steps.map((s) => s.change.scope)).toEqual(['acme/svc-00']);
    expect(plan.steps[0]!.does).toMatch(/^set acme\/svc-00's CI\/CD settings back as in the snapshot: ci_config_path, public_jobs/);
    expect(plan.notRestorable.find((c) => c.scope === 'acme/platform/svc-01')!.note).toBe("restoring it would lower CI/CD shared_runners_enabled false → true: held back, as what a snapshot records is its writer's word; to restore it anyway name it: --only acme/platform/svc-01:ci-settings-weakened:");

    const result = JSON.parse((await ws.hereOk([...ws.operator('restore-gitlab', 'latest:acme', '--confirm', 'acme'), '--json'])).stdout) as GitlabRestoreResult;
    expect(result.done.map((d) => [d.change.scope, d.verified])).toEqual([['acme/svc-00', true]]);
    expect(svc00.ci).toMatchObject({ ci_config_path: null, public_jobs: false, shared_runners_enabled: false, restrict_user_defined_variables: true, ci_pipeline_variables_minimum_override_role: 'maintainer' });

    const named = JSON.parse((await ws.hereOk([...ws.operator('restore-gitlab', 'latest:acme', '--confirm', 'acme', '--only', 'acme/platform/svc-01:ci-settings-weakened:'), '--json'])).stdout) as GitlabRestoreResult;
    expect(named.plan.steps.map((s) => s.does)).toEqual([expect.stringMatching(/^LOWERS CI\/CD shared_runners_enabled false → true: set acme\/platform\/svc-01's CI\/CD settings back/)]);
    expect(named.done.map((d) => d.verified)).toEqual([true]);
    expect(svc01.ci).toMatchObject({ build_timeout: 1800, ci_forward_deployment_enabled: true, auto_cancel_pending_pipelines: 'enabled', shared_runners_enabled: true });
    expect(await changes()).toEqual([]);
  }, 300_000);
});
