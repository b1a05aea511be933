import { describe, expect, it } from 'vitest';
import { makeVault } from '../helpers/vault.js';
import { emulatedOrg } from '../forges/github/harness.js';
import { WRITE_TOKEN } from '../forges/github/emulator.js';
import { parseSourceSpec } from '../../src/sources/spec.js';
import { backup } from '../../src/ops/backup/backup.js';
import { openVault } from '../../src/ops/open-vault.js';
import { applyGithubRestore, planGithubRestore } from '../../src/ops/restore/restore-github.js';

/**
 * Issue 16, what a GitHub restore still left as the agent made it: webhooks, labels and milestones
 * changed in place (not deleted), organisation members removed or demoted, teams deleted or changed, and an
 * org variable visible to selected repositories. Each is a typed change, put back by one plan where
 * GitHub's API allows it (a removed member can only be invited; a deploy key cannot be edited), and
 * read back from the emulator's state.
 */
describe('GitHub source: changed webhooks, labels, milestones; members, teams and selected variables', () => {
  const org = emulatedOrg(3); // svc-01 is a fork (not backed up), svc-02 archived

  it('types each change, puts back what the API allows, says what it cannot, and reads it back', async () => {
    const emu = org.emu();
    const a = emu.world.accounts.get('acme')!;
    const svc00 = emu.world.repo('acme', 'svc-00')!;
    const svc02 = emu.world.repo('acme', 'svc-02')!;
    a.variables.push({ name: 'SOME', value: 's', visibility: 'selected', selected: [svc00.id], created_at: emu.world.time, updated_at: emu.world.time });
    const v = await makeVault();
    const first = await backup({ store: v.store, credential: v.writer, sources: [parseSourceSpec(org.source())], excludes: [], tags: [], clock: v.clock, cacheRoot: v.cacheRoot });
    expect(first.failed).toEqual([]);
    const reader = await openVault(v.store, v.identity, v.cacheRoot);

    // The agent, with an owner's token, through the validated API.
    const hook = svc00.hooks[0]!;
    const key = svc00.keys[0]!;
    expect((await api('PATCH', `/repos/acme/svc-00/hooks/${hook.id}`, { active: false, events: ['push'] })).status).toBe(200);
    expect((await api('PATCH', `/repos/acme/svc-00/hooks/${hook.id}/config`, { insecure_ssl: '1' })).status).toBe(200);
    expect((await api('PATCH', `/orgs/acme/hooks/${a.hooks[0]!.id}`, { events: ['repository', 'member'] })).status).toBe(200);
    expect((await api('PATCH', '/repos/acme/svc-00/labels/bug', { color: '000000', description: 'meh' })).status).toBe(200);
    expect((await api('PATCH', '/repos/acme/svc-00/milestones/1', { state: 'closed', description: 'gone' })).status).toBe(200);
    // A deploy key cannot be edited on GitHub: the agent replaces it with a writable one.
    expect((await api('DELETE', `/repos/acme/svc-00/keys/${key.id}`)).status).toBe(204);
    expect((await api('POST', '/repos/acme/svc-00/keys', { key: key.key, title: 'deploy', read_only: false })).status).toBe(201);
    expect((await api('PUT', '/orgs/acme/memberships/alice', { role: 'member' })).status).toBe(200); // an owner no more
    expect((await api('DELETE', '/orgs/acme/members/bob')).status).toBe(204); // also out of team devs
    expect((await api('DELETE', '/orgs/acme/teams/ops')).status).toBe(204); // and its access to every repository
    expect((await api('PUT', '/orgs/acme/teams/devs/memberships/alice', { role: 'maintainer' })).status).toBe(200);
    expect((await api('PUT', '/orgs/acme/teams/devs/repos/acme/svc-00', { permission: 'admin' })).status).toBe(204);
    expect((await api('DELETE', '/orgs/acme/actions/variables/SOME')).status).toBe(204);

    const { plan } = await planGithubRestore({ reader, snapshot: first.snapshot, name: 'gh', token: WRITE_TOKEN });
    const line = (c: { type: string; scope: string; target?: string; fields?: string[] }) => `${c.type} ${c.scope}${c.target ? ` ${c.target}` : ''}${c.fields ? ` (${c.fields.join(', ')})` : ''}`;
    // Access the snapshot would give (a role raised, a member, a team with its members, a webhook sending
    // again and more events: red team 3) is its writer's word: held back, each to be named (the console's
    // per-change restore names it exactly).
    const grants = ['member-changed acme alice (role)', 'member-removed acme bob', 'team-deleted acme ops', 'team-changed acme devs (members)', 'webhook-changed acme/svc-00 https://ci.example/hooks/svc-00 (events, active, config)'];
    expect(plan.notRestorable.filter((c) => /restoring it would grant/.test(c.note ?? '')).map(line)).toEqual(grants);
    expect(plan.notRestorable.find((c) => c.type === 'member-removed')!.note).toMatch(/grant @bob invited to acme as member: held back, .* name it: --only acme:member-removed:bob$/);
    expect(plan.notRestorable.find((c) => c.type === 'webhook-changed')!.note).toMatch(/^restoring it would grant acme\/svc-00's inactive webhook to https:\/\/ci.example\/hooks\/svc-00 sending again \(push, pull_request\); acme\/svc-00's events pull_request sent to https:\/\/ci.example\/hooks\/svc-00 too: held back/);
    expect(plan.steps.map((s) => line(s.change))).toEqual([
      'webhook-changed acme https://audit.example/hook (events)', // fewer events than now: nothing more sent
      'environment-changed acme/svc-00 production (protection_rules)', // its reviewer was team ops
      'team-access-changed acme/svc-00 devs (permission)',
      'label-changed acme/svc-00 bug (color, description)',
      'milestone-changed acme/svc-00 v1.0 (state, description)',
      'environment-changed acme/svc-02 production (protection_rules)',
    ]);
    // A variable's value is read by the workflows it reaches (round 7): held back like a grant.
    expect(plan.notRestorable.find((c) => c.type === 'variable-deleted')!.note).toMatch(/^restoring it would set Actions variable SOME of organisation acme .*: held back/);
    const keyChange = plan.notRestorable.find((c) => c.type === 'deploy-key-changed')!;
    expect(line(keyChange)).toBe('deploy-key-changed acme/svc-00 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx0 (read_only)');
    expect(keyChange.note).toMatch(/GitHub cannot edit a deploy key/);

    // The operator names each grant: those steps run, said first as GRANTS (first: the environments' reviewer is team ops).
    const only = ['acme:member-changed:alice', 'acme:member-removed:bob', 'acme:team-deleted:ops', 'acme:team-changed:devs', 'acme/svc-00:webhook-changed:https://ci.example/hooks/svc-00', 'acme:variable-deleted:SOME'];
    const named = await planGithubRestore({ reader, snapshot: first.snapshot, name: 'gh', token: WRITE_TOKEN, only });
    expect(named.plan.steps.map((s) => line(s.change))).toEqual([...grants, 'variable-deleted acme SOME']);
    expect(named.plan.steps[1]!.does).toMatch(/^GRANTS @bob invited to acme as member: /);
    expect(named.plan.steps[1]!.cannot).toMatch(/an invitation, not a membership/);
    const granted = await applyGithubRestore({ reader, plan: named.plan, docs: named.docs, token: WRITE_TOKEN, confirm: 'acme', writeIntervalMs: 0 });
    expect(granted.done.filter((d) => !d.verified)).toEqual([]);
    expect(granted.done.find((d) => d.change.type === 'member-removed')!.notes).toEqual([expect.stringMatching(/^@bob was invited to acme again: an invitation, not a membership/)]);

    // Then the rest, as the first plan listed it.
    const rest = await planGithubRestore({ reader, snapshot: first.snapshot, name: 'gh', token: WRITE_TOKEN });
    expect(rest.plan.steps.map((s) => line(s.change))).toEqual(plan.steps.map((s) => line(s.change)));
    const result = await applyGithubRestore({ reader, plan: rest.plan, docs: rest.docs, token: WRITE_TOKEN, confirm: 'acme', writeIntervalMs: 0 });
    expect(result.done.filter((d) => !d.verified)).toEqual([]);
    // Read back again: bob's invitation waits for him; the deploy key is still as the agent left it.
    expect(result.remaining.map(line)).toEqual(['member-invited acme bob', line(keyChange)]);

    // Read back from the emulator's state, not through Bulkhead.
    expect([svc00.hooks.length, svc00.hooks[0] === hook, hook.active, hook.events, hook.config.insecure_ssl, hook.config.secret]).toEqual([1, true, true, ['push', 'pull_request'], '0', 'hook-secret']); // the same hook, its secret untouched
    expect(a.hooks[0]!.events).toEqual(['repository']);
    expect(svc00.labels.find((l) => l.name === 'bug')).toMatchObject({ color: 'd73a4a', description: 'Something is broken' });
    expect(svc00.milestones[0]).toMatchObject({ number: 1, state: 'open', description: 'first cut' });
    expect([a.members, a.owners, a.invitations?.map((i) => [i.login, i.role])]).toEqual([['alice', 'carol'], ['alice'], [['bob', 'member']]]);
    // bob's membership of devs waits in his invitation, as GitHub holds a non-member's team membership.
    expect(a.teams.map((t) => [t.slug, t.privacy, [...t.members].sort()])).toEqual([['devs', 'closed', ['carol']], ['ops', 'closed', ['alice']]]);
    expect([svc00.teams.get('ops'), svc02.teams.get('ops'), svc00.teams.get('devs')]).toEqual(['maintain', 'maintain', 'push']);
    expect([svc00, svc02].map((r) => r.environments[0]!.reviewers)).toEqual([[{ type: 'Team', login: 'ops' }], [{ type: 'Team', login: 'ops' }]]);
    expect(a.variables.find((x) => x.name === 'SOME')).toMatchObject({ value: 's', visibility: 'selected', selected: [svc00.id] });
  }, 600_000);

  function api(method: string, path: string, body?: unknown): Promise<Response> {
    return fetch(`${org.emu().url}${path}`, { method, headers: { authorization: `token ${WRITE_TOKEN}`, ...(body !== undefined && { 'content-type': 'application/json' }) }, ...(body !== undefined && { body: JSON.stringify(body) }) });
  }
});
