import { describe, expect, it } from 'vitest';
import { githubChanges } from './changes.js';
import { weakened } from './protection-strength.js';

const protection = { required_pull_request_reviews: { required_approving_review_count: 2, dismiss_stale_reviews: true }, enforce_admins: { enabled: true }, allow_force_pushes: { enabled: false }, url: 'u1' };

function docs(over: Record<string, unknown> = {}): Map<string, unknown> {
  return new Map(Object.entries({
    'acme/_org/repositories.json': [{ name: 'api' }, { name: 'web' }],
    'acme/api/repository.json': { name: 'api', archived: false, has_issues: true, html_url: 'x' },
    'acme/api/branch-protections.json': { main: protection },
    'acme/api/actions-variables.json': [{ name: 'REGION', value: 'eu', updated_at: '1' }],
    'acme/api/actions-secrets.json': [{ name: 'TOKEN', updated_at: '1' }],
    'acme/web/repository.json': { name: 'web', archived: false },
    ...over,
  }));
}

describe('GitHub changes', () => {
  it('names the settings in which a protection got weaker, and ignores GitHub bookkeeping', () => {
    expect(weakened(protection, { ...protection, url: 'u2' })).toEqual([]);
    expect(weakened(protection, { ...protection, required_pull_request_reviews: { required_approving_review_count: 1 }, allow_force_pushes: { enabled: true } })).toEqual(['required_approving_review_count', 'dismiss_stale_reviews', 'allow_force_pushes']);
    const moreStrict = { ...protection, required_pull_request_reviews: { required_approving_review_count: 3, dismiss_stale_reviews: true } };
    expect(githubChanges('acme', docs(), docs({ 'acme/api/branch-protections.json': { main: moreStrict } })).map((c) => c.type)).toEqual(['protection-changed']);
  });

  it("sees an environment reviewer whose id alone changed (the id is what a restore writes), not a team's new id", () => {
    const env = (reviewer: Record<string, unknown>, node_id = 'N1') => ({ 'acme/api/environments.json': [{ name: 'prod', node_id, protection_rules: [{ type: 'required_reviewers', id: 3, reviewers: [reviewer] }] }] });
    const user = (id: number) => ({ type: 'User', reviewer: { login: 'alice', id, url: `u${id}` } });
    expect(githubChanges('acme', docs(env(user(1005))), docs(env(user(777777)))).map((c) => `${c.type} ${c.target ?? ''}`)).toEqual(['environment-changed prod']);
    expect(githubChanges('acme', docs(env(user(1005))), docs(env(user(1005), 'N2')))).toEqual([]);
    const team = (id: number) => ({ type: 'Team', reviewer: { slug: 'ops', id } });
    expect(githubChanges('acme', docs(env(team(1))), docs(env(team(2))))).toEqual([]);
  });

  it('types each loss once: a deleted repository is one change, not each of its documents', () => {
    const after = docs({
      'acme/_org/repositories.json': [{ name: 'api' }],
      'acme/api/repository.json': { name: 'api', archived: true, has_issues: true, html_url: 'y' },
      'acme/api/branch-protections.json': {},
      'acme/api/actions-variables.json': [{ name: 'REGION', value: 'us', updated_at: '2' }],
      'acme/api/actions-secrets.json': [],
    });
    after.delete('acme/web/repository.json');
    const changes = githubChanges('acme', docs(), after);
    expect(changes.map((c) => `${c.type} ${c.scope} ${c.target ?? ''}`.trim())).toEqual([
      'repo-archived acme/api',
      'protection-removed acme/api main',
      'variable-changed acme/api REGION',
      'secret-deleted acme/api TOKEN',
      'repo-deleted acme/web',
    ]);
    expect(changes.find((c) => c.type === 'secret-deleted')).toMatchObject({ restorable: false, note: expect.stringMatching(/re-enter it/) });
    expect(changes.find((c) => c.type === 'variable-changed')!.fields).toEqual(['value']);
  });

  it('a deleted team is one change, not its access to each repository; a removed member invited again waits for them; a deploy key cannot be edited', () => {
    const before = docs({
      'acme/_org/members.json': [{ login: 'alice' }, { login: 'bob' }],
      'acme/_org/teams.json': [{ slug: 'ops', privacy: 'closed', members: [{ login: 'alice' }, { login: 'bob' }] }],
      'acme/api/teams.json': [{ slug: 'ops', permission: 'maintain' }],
      'acme/api/deploy-keys.json': [{ key: 'ssh-ed25519 K', title: 'deploy', read_only: true }],
    });
    const after = docs({
      'acme/_org/members.json': [{ login: 'alice' }],
      'acme/_org/invitations.json': [],
      'acme/_org/teams.json': [],
      'acme/api/teams.json': [],
      'acme/api/deploy-keys.json': [{ key: 'ssh-ed25519 K', title: 'deploy', read_only: false }],
    });
    const brief = (cs: ReturnType<typeof githubChanges>) => cs.map((c) => `${c.type} ${c.scope} ${c.target ?? ''} ${c.restorable ? 'restorable' : 'kept'}`);
    expect(brief(githubChanges('acme', before, after))).toEqual(['member-removed acme bob restorable', 'team-deleted acme ops restorable', 'deploy-key-changed acme/api ssh-ed25519 K kept']);
    after.set('acme/_org/invitations.json', [{ login: 'bob' }]);
    after.set('acme/_org/teams.json', [{ slug: 'ops', privacy: 'closed', members: [{ login: 'bob' }, { login: 'alice' }] }]);
    // Members in another order are the same team; bob's pending invitation is what a restore could do.
    expect(brief(githubChanges('acme', before, after))).toEqual(['member-invited acme bob kept', 'deploy-key-changed acme/api ssh-ed25519 K kept', 'team-access-removed acme/api ops restorable']);
  });

  it('says nothing about a document the token could not read on either side', () => {
    expect(githubChanges('acme', docs(), docs({ 'acme/api/actions-secrets.json': { unavailable: '403: Resource not accessible' } }))).toEqual([]);
  });

  it('types organisation settings, a release that lost an asset, and says which changes it cannot put back', () => {
    const release = { tag_name: 'v1', name: 'One', body: '', draft: false, prerelease: false, assets: [{ id: 1, name: 'app.tgz', size: 10, download_count: 3 }] };
    const before = docs({
      'acme/_org/org.json': { login: 'acme', default_repository_permission: 'read', two_factor_requirement_enabled: true, updated_at: '1' },
      'acme/_org/actions-variables.json': [{ name: 'ALL', value: 'a', visibility: 'all' }, { name: 'SOME', value: 's', visibility: 'selected' }],
      'acme/api/releases.json': [release],
      'acme/api/labels.json': [{ name: 'bug', color: 'red' }],
    });
    const after = docs({
      'acme/_org/org.json': { login: 'acme', default_repository_permission: 'admin', two_factor_requirement_enabled: false, updated_at: '2' },
      'acme/_org/actions-variables.json': [],
      'acme/api/releases.json': [{ ...release, assets: [{ id: 1, name: 'app.tgz', size: 10, download_count: 9 }] }],
      'acme/api/labels.json': [{ name: 'bug', color: 'blue' }],
    });
    const untouched = githubChanges('acme', before, docs({ ...Object.fromEntries(before), 'acme/api/releases.json': [{ ...release, assets: [{ id: 1, name: 'app.tgz', size: 10, download_count: 9 }] }] }));
    expect(untouched).toEqual([]); // a download count is not a change
    after.set('acme/api/releases.json', [{ ...release, assets: [] }]);
    const changes = githubChanges('acme', before, after);
    const brief = changes.map((c) => `${c.type} ${c.scope}${c.target ? ` ${c.target}` : ''} ${c.restorable ? 'restorable' : 'kept'}${c.fields ? ` (${c.fields.join(', ')})` : ''}`);
    expect(brief).toEqual([
      'org-settings-changed acme restorable (default_repository_permission, two_factor_requirement_enabled)',
      'variable-deleted acme ALL restorable',
      'variable-deleted acme SOME restorable',
      'label-changed acme/api bug restorable (color)',
      'release-changed acme/api v1 restorable (assets)',
    ]);
    expect(changes[0]!.note).toMatch(/two_factor_requirement_enabled cannot be set through GitHub's API/);
    expect(changes[2]!.note).toBeUndefined(); // its selected repositories are in the document: restorable
    // Read with a token that is not an owner's, GitHub leaves the settings out: nothing can be said about them.
    const notOwner = docs({ ...Object.fromEntries(before), 'acme/_org/org.json': { login: 'acme', updated_at: '3' } });
    expect(githubChanges('acme', before, notOwner)).toEqual([]);
    // A ruleset's bypass actors likewise come only to a token that may write it.
    const ruleset = { name: 'main', enforcement: 'active', target: 'branch', rules: [{ type: 'deletion' }], bypass_actors: [{ actor_id: 1, actor_type: 'Team', bypass_mode: 'always' }] };
    const readOnly = Object.fromEntries(Object.entries(ruleset).filter(([k]) => k !== 'bypass_actors'));
    expect(githubChanges('acme', docs({ 'acme/api/rulesets.json': [ruleset] }), docs({ 'acme/api/rulesets.json': [readOnly] }))).toEqual([]);
    expect(githubChanges('acme', docs({ 'acme/api/rulesets.json': [ruleset] }), docs({ 'acme/api/rulesets.json': [{ ...ruleset, bypass_actors: [] }] })).map((c) => c.fields)).toEqual([['bypass_actors']]);
  });
});
