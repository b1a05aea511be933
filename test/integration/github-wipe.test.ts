import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { CliWorkspace } from '../helpers/cli.js';
import { emulatedOrg } from '../forges/github/harness.js';
import { READ_TOKEN, WRITE_TOKEN } from '../forges/github/emulator.js';
import { branches } from '../forges/github/routes-repos.js';
import type { DiffResult } from '../../src/ops/diff/diff.js';
import type { GithubChange } from '../../src/sources/github/changes.js';
import type { GithubRestorePlan, GithubRestoreResult } from '../../src/ops/restore/restore-github.js';

const run = promisify(execFile);

/** Issue 16: an agent wipes part of an organisation; diff --live names each loss, one plan puts back what can be. */
describe('GitHub source: an agent-style wipe, reported and restored', () => {
  const org = emulatedOrg(6);

  it('reports exactly what was destroyed, restores it by one confirmed plan and reads it back', async () => {
    const emu = org.emu();
    const ws = new CliWorkspace(undefined, { GITHUB_TOKEN: READ_TOKEN, BULKHEAD_GITHUB_WRITE_INTERVAL_MS: '0' });
    await ws.setupQuick(); // identity at the test-only KDF cost: the five operator commands below each unlock it
    const backedUp = await ws.hereOk(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', `acme=github:acme?url=${emu.url}`]);
    // The token reaches neither the output nor the agent's cache (ETags, mirrors); the vault is sealed, and its locator names only the variable.
    expect(backedUp.stdout + backedUp.stderr).not.toContain(READ_TOKEN);
    expect((await run('grep', ['-rl', READ_TOKEN, join(ws.dir, 'cache')]).catch((e: { code: number }) => ({ stdout: '', code: e.code }))).stdout).toBe('');
    const refsBefore = branches(emu.world.repo('acme', 'svc-01')!);
    const protectionBefore = await (await api('GET', '/repos/acme/svc-02/branches/main/protection')).json();

    // The agent, with a token that may administer: every call goes through the validated API.
    expect((await api('DELETE', '/repos/acme/svc-01')).status).toBe(204);
    expect((await api('DELETE', '/repos/acme/svc-02/branches/main/protection')).status).toBe(204);
    expect((await api('DELETE', '/repos/acme/svc-03/environments/production')).status).toBe(204);
    expect((await api('DELETE', '/repos/acme/svc-03/actions/variables/DEPLOY_REGION')).status).toBe(204);
    expect((await api('DELETE', '/repos/acme/svc-00/actions/secrets/SENTRY_DSN')).status).toBe(204);
    expect((await api('PUT', '/repos/acme/svc-00/branches/main/protection', { required_status_checks: null, enforce_admins: false, required_pull_request_reviews: null, restrictions: null })).status).toBe(200);
    emu.world.repo('acme', 'svc-00')!.issues.splice(1, 1); // deleting an issue is GraphQL-only on GitHub

    const diff = JSON.parse((await ws.hereOk([...ws.operator('diff', 'latest', '--live'), '--json'])).stdout) as DiffResult;
    const gh = diff.sources.find((s) => s.name === 'acme')!;
    const seen = (gh.changes as GithubChange[]).map((c) => `${c.type} ${c.scope}${c.target ? ` ${c.target}` : ''}`);
    expect(seen).toEqual([
      'protection-weakened acme/svc-00 main',
      'secret-deleted acme/svc-00 SENTRY_DSN',
      'issue-deleted acme/svc-00 #2',
      'repo-deleted acme/svc-01',
      'protection-removed acme/svc-02 main',
      'environment-deleted acme/svc-03 production',
      'variable-deleted acme/svc-03 DEPLOY_REGION',
    ]);
    expect((gh.changes as GithubChange[])[0]!.fields).toEqual(['required_pull_request_reviews', 'required_approving_review_count', 'dismiss_stale_reviews', 'required_status_checks', 'required_status_checks.contexts', 'required_status_checks.strict', 'enforce_admins', 'required_linear_history']);
    expect(diff.sources.find((s) => s.name === 'acme.svc-01')!.status).toBe('missing');
    const text = (await ws.hereOk(ws.operator('diff', 'latest', '--live'))).stdout;
    expect(text).toContain('secret-deleted acme/svc-00 SENTRY_DSN — value cannot be restored (GitHub never returns it); re-enter it');

    // One plan, shown first; applied only with the account's name typed; the operator's token comes from the environment for this run only.
    ws.env.GITHUB_RESTORE_TOKEN = WRITE_TOKEN;
    const { plan } = JSON.parse((await ws.hereOk([...ws.operator('restore-github', 'latest:acme', '--dry-run'), '--json'])).stdout) as { plan: GithubRestorePlan };
    expect(plan.steps.map((s) => `${s.change.type} ${s.change.scope}`)).toEqual(['protection-weakened acme/svc-00', 'repo-deleted acme/svc-01', 'protection-removed acme/svc-02', 'environment-deleted acme/svc-03']);
    // A variable's value is read by the repository's workflows: the writer's word, held back until named (round 7).
    // svc-01 is recreated private; the snapshot's public is a step of its own, held back until named (gap 5).
    expect(plan.notRestorable.map((c) => c.type)).toEqual(['secret-deleted', 'issue-deleted', 'settings-changed', 'variable-deleted']);
    expect(plan.notRestorable.find((c) => c.type === 'settings-changed')).toMatchObject({ scope: 'acme/svc-01', fields: ['private', 'visibility'], note: expect.stringMatching(/^restoring it would lower visibility private → public \(the repository is recreated private\).*--only acme\/svc-01:settings-changed:$/) as string });
    expect(emu.world.repo('acme', 'svc-01')).toBeUndefined(); // the dry run changed nothing
    const wrong = await ws.here([...ws.operator('restore-github', 'latest:acme', '--confirm', 'acme-typo')]);
    expect(wrong.code).not.toBe(0);
    expect(emu.world.repo('acme', 'svc-01')).toBeUndefined();

    // The recreated repository's refs carry the snapshot writer's workflows, which its push would run
    // with the organisation's secrets: the plan says so, and the step runs only with consent.
    const recreate = plan.steps.find((s) => s.change.type === 'repo-deleted')!;
    expect(recreate.runsCi).toEqual([expect.stringMatching(/^refs\/heads\/main RUNS CI: \.github\/workflows\/ci\.yml \(new\) differs from a recreated repository/), expect.stringMatching(/^refs\/heads\/release RUNS CI: /)]);
    expect(recreate.does).toMatch(/^RUNS CI on the push, unless not allowed: 2 refs carry pipelines/);
    const unasked = await ws.here([...ws.operator('restore-github', 'latest:acme', '--confirm', 'acme', '--only', 'acme/svc-01:repo-deleted:')]);
    expect(unasked.code).not.toBe(0);
    expect(unasked.stdout).toMatch(/NOT restored: repo-deleted acme\/svc-01 — not recreated: 2 of its refs carry pipelines the snapshot's writer recorded .*nothing was created/);
    expect(emu.world.repo('acme', 'svc-01')).toBeUndefined();

    const result = JSON.parse((await ws.hereOk([...ws.operator('restore-github', 'latest:acme', '--confirm', 'acme', '--allow-pipeline-changes'), '--json'])).stdout) as GithubRestoreResult;
    expect(result.done.every((d) => d.verified)).toBe(true);
    // Read back independently: git refs, the protection as it was, the environment and variable.
    expect(branches(emu.world.repo('acme', 'svc-01')!)).toEqual(refsBefore);
    const { stdout } = await run('git', ['ls-remote', '--heads', `${emu.url}/acme/svc-01.git`]);
    expect(stdout.trim().split('\n')).toHaveLength(2);
    expect(await (await api('GET', '/repos/acme/svc-02/branches/main/protection')).json()).toEqual(protectionBefore);
    expect(emu.world.repo('acme', 'svc-03')!.environments.map((e) => e.name).sort()).toEqual(['production', 'staging']);
    expect(emu.world.repo('acme', 'svc-03')!.variables.find((v) => v.name === 'DEPLOY_REGION')).toBeUndefined();
    const svc01 = emu.world.repo('acme', 'svc-01')!;
    // Recreated private (the snapshot's public is its own step, not named here): read back as still differing.
    expect(svc01.private).toBe(true);
    expect(result.remaining.find((c) => c.type === 'settings-changed' && c.scope === 'acme/svc-01')?.fields).toEqual(expect.arrayContaining(['private']));
    // Recreated without the access its documents grant (people, teams, keys, hooks: the writer's word), each left to be named.
    expect(recreate.does).toMatch(/LEAVES OUT the access it would grant \(acme\/svc-01 to @alice admin, @bob write, team ops maintain, team devs push, deploy key .* that can read, webhook to https:\/\/ci\.example\/hooks\/svc-01\)/);
    expect([svc01.protections.size, svc01.environments.length, svc01.variables.length, svc01.labels.length, svc01.collaborators.size, svc01.teams.size, svc01.hooks.length, svc01.keys.length]).toEqual([2, 2, 2, 2, 0, 0, 0, 0]);
    // What could not be restored as it was is still reported, and nothing restorable is but the grants.
    const restorable = /^(repo-deleted|protection-|environment-)/;
    expect(result.remaining.filter((c) => restorable.test(c.type))).toEqual([]);
    expect(result.remaining.map((c) => c.type)).toEqual(expect.arrayContaining(['secret-deleted']));
    const grants = result.remaining.filter((c) => c.scope === 'acme/svc-01' && /^(collaborator-removed|team-access-removed|deploy-key-deleted|webhook-deleted)$/.test(c.type));
    expect(grants.map((c) => c.type).sort()).toEqual(['collaborator-removed', 'collaborator-removed', 'deploy-key-deleted', 'team-access-removed', 'team-access-removed', 'webhook-deleted']);
    const only = [...grants.flatMap((c) => ['--only', `${c.scope}:${c.type}:${c.target ?? ''}`]), '--only', 'acme/svc-03:variable-deleted:DEPLOY_REGION'];
    const named = JSON.parse((await ws.hereOk([...ws.operator('restore-github', 'latest:acme', '--confirm', 'acme', ...only), '--json'])).stdout) as GithubRestoreResult;
    expect(named.done.map((d) => [d.change.type, d.verified]).filter(([, ok]) => !ok)).toEqual([]);
    expect([svc01.collaborators.size, svc01.teams.size, svc01.hooks.length, svc01.keys.length]).toEqual([2, 2, 1, 1]);
    expect(emu.world.repo('acme', 'svc-03')!.variables.find((v) => v.name === 'DEPLOY_REGION')?.value).toBe('eu-west-1');
  }, 600_000);

  function api(method: string, path: string, body?: unknown): Promise<Response> {
    return fetch(`${org.emu().url}${path}`, { method, headers: { authorization: `token ${WRITE_TOKEN}`, ...(body !== undefined && { 'content-type': 'application/json' }) }, ...(body !== undefined && { body: JSON.stringify(body) }) });
  }
});
