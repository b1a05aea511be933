import { describe, expect, it } from 'vitest';
import { githubAccessRaised, githubLowering } from './lowering.js';
import type { GithubChange } from './change-types.js';

const docs = (entries: Record<string, unknown>) => new Map(Object.entries(entries));
const change = (type: string, scope: string, path: string, target?: string): GithubChange => ({ type, scope, path, restorable: true, ...(target && { target }) }) as GithubChange;

describe('what restoring a GitHub change would lower', () => {
  it('a ruleset enforced less, with rules removed or bypass actors added', () => {
    const path = 'acme/api/rulesets.json';
    const live = docs({ [path]: [{ name: 'main', enforcement: 'active', rules: [{ type: 'deletion' }, { type: 'non_fast_forward' }], bypass_actors: [] }] });
    const snap = docs({ [path]: [{ name: 'main', enforcement: 'evaluate', rules: [{ type: 'deletion' }], bypass_actors: [{ actor_type: 'Team', actor_id: 9 }] }] });
    expect(githubLowering(change('ruleset-changed', 'acme/api', path, 'main'), snap, live)).toEqual(['enforcement active → evaluate', 'rules removed: non_fast_forward', 'bypass actors added: Team:9']);
    expect(githubLowering(change('ruleset-changed', 'acme/api', path, 'main'), live, snap)).toEqual([]);
  });

  it('a branch protection whose push restrictions let in one more user, team or app (red team 7); restricting where none was lowers nothing', () => {
    const path = 'acme/api/branch-protections.json';
    const at = (restrictions: unknown) => docs({ [path]: { main: { restrictions } } });
    const live = at({ users: [{ login: 'alice' }], teams: [{ slug: 'ops' }], apps: [] });
    const more = at({ users: [{ login: 'alice' }, { login: 'mallory' }], teams: [{ slug: 'ops' }], apps: [{ slug: 'evil-bot' }] });
    expect(githubLowering(change('protection-changed', 'acme/api', path, 'main'), more, live)).toEqual(['branch protection restrictions.users', 'branch protection restrictions.apps']);
    expect(githubLowering(change('protection-changed', 'acme/api', path, 'main'), live, more)).toEqual([]);
    expect(githubLowering(change('protection-changed', 'acme/api', path, 'main'), more, at(null))).toEqual([]);
  });

  it('organisation settings loosened, webhook TLS checks turned off; tightening lowers nothing', () => {
    const org = 'acme/_org/org.json';
    const strict = { default_repository_permission: 'read', members_can_create_public_repositories: false, two_factor_requirement_enabled: true };
    const loose = { default_repository_permission: 'admin', members_can_create_public_repositories: true, two_factor_requirement_enabled: false };
    expect(githubLowering(change('org-settings-changed', 'acme', org), docs({ [org]: loose }), docs({ [org]: strict }))).toEqual(['default repository permission read → admin', 'members_can_create_public_repositories off → on', 'two_factor_requirement_enabled on → off']);
    expect(githubLowering(change('org-settings-changed', 'acme', org), docs({ [org]: strict }), docs({ [org]: loose }))).toEqual([]);
    const hooks = 'acme/api/webhooks.json';
    const hook = (insecure: string) => docs({ [hooks]: [{ config: { url: 'https://ci.example', insecure_ssl: insecure } }] });
    expect(githubLowering(change('webhook-changed', 'acme/api', hooks, 'https://ci.example'), hook('1'), hook('0'))).toEqual(['TLS certificate checks of the webhook turned off']);
  });

  it('says whose access a step raises, and leaves an unknown role unsaid', () => {
    const path = 'acme/api/collaborators.json';
    const at = (role: string) => docs({ [path]: [{ login: 'bob', role_name: role }] });
    expect(githubAccessRaised(change('collaborator-changed', 'acme/api', path, 'bob'), at('admin'), at('write'))).toEqual(["@bob's role on acme/api write → admin"]);
    expect(githubAccessRaised(change('collaborator-changed', 'acme/api', path, 'bob'), at('read'), at('write'))).toEqual([]);
    expect(githubAccessRaised(change('collaborator-changed', 'acme/api', path, 'bob'), at('constructor'), at('write'))).toEqual([]);
    const keys = 'acme/api/deploy-keys.json';
    expect(githubAccessRaised(change('deploy-key-deleted', 'acme/api', keys, 'ssh-ed25519 K'), docs({ [keys]: [{ key: 'ssh-ed25519 K', title: 'ci', read_only: false }] }), docs({}))).toEqual(['a deploy key that can push to acme/api (ci)']);
  });

  it('says whom a recreated repository lets in, and where a webhook put back sends events', () => {
    const snap = docs({
      'acme/api/collaborators.json': [{ login: 'mallory', role_name: 'admin' }],
      'acme/api/deploy-keys.json': [{ key: 'k', title: 'ci', read_only: false }],
      'acme/api/webhooks.json': [{ events: ['push'], config: { url: 'https://hooks.example/x' } }],
    });
    expect(githubAccessRaised(change('repo-deleted', 'acme/api', 'acme/api/repository.json'), snap, docs({}))).toEqual(['acme/api to @mallory admin, deploy key ci that can push, webhook to https://hooks.example/x']);
    expect(githubAccessRaised(change('webhook-deleted', 'acme/api', 'acme/api/webhooks.json', 'https://hooks.example/x'), snap, docs({}))).toEqual(["acme/api's events (push) sent to https://hooks.example/x"]);
  });

  it('an environment reviewer told apart by the id the restore writes, not the login beside it (red team 3)', () => {
    const path = 'acme/api/environments.json';
    const env = (reviewers: unknown[]) => docs({ [path]: [{ name: 'production', protection_rules: [{ type: 'required_reviewers', reviewers }] }] });
    const alice = { type: 'User', reviewer: { login: 'alice', id: 1005 } };
    const swapped = { type: 'User', reviewer: { login: 'alice', id: 777777 } };
    const ops = (id: number) => ({ type: 'Team', reviewer: { slug: 'ops', id } });
    expect(githubLowering(change('environment-changed', 'acme/api', path, 'production'), env([swapped]), env([alice]))).toEqual(['required reviewers add User alice (id 777777) (any one of them approves)']);
    // A team is written by its slug's id now: a recreated team's new id is the same reviewer.
    expect(githubLowering(change('environment-changed', 'acme/api', path, 'production'), env([alice, ops(9)]), env([alice, ops(3)]))).toEqual([]);
  });

  it('a default branch moved off a branch an active ruleset protects (by name, ~DEFAULT_BRANCH or ~ALL, the repository\'s or the organisation\'s)', () => {
    const repo = { private: true, default_branch: 'main' };
    const ruleset = (include: string[], more: Record<string, unknown> = {}) => ({ name: 'guard', target: 'branch', enforcement: 'active', conditions: { ref_name: { include, exclude: [] }, ...more } });
    const moved = docs({ 'acme/api/repository.json': { ...repo, default_branch: 'ci-trigger' } });
    const c = change('settings-changed', 'acme/api', 'acme/api/repository.json');
    for (const include of [['refs/heads/main'], ['~DEFAULT_BRANCH'], ['refs/heads/ma*']]) {
      expect(githubLowering(c, moved, docs({ 'acme/api/repository.json': repo, 'acme/api/rulesets.json': [ruleset(include)] }))).toEqual(['default branch main (protected by ruleset guard) → ci-trigger (not protected)']);
    }
    expect(githubLowering(c, moved, docs({ 'acme/api/repository.json': repo, 'acme/_org/rulesets.json': [ruleset(['~DEFAULT_BRANCH'], { repository_name: { include: ['~ALL'], exclude: [] } })] }))).toEqual(['default branch main (protected by organisation ruleset guard) → ci-trigger (not protected)']);
    // Not lowering: the ruleset only evaluates, covers another repository, or covers the new branch too (~ALL).
    expect(githubLowering(c, moved, docs({ 'acme/api/repository.json': repo, 'acme/api/rulesets.json': [{ ...ruleset(['refs/heads/main']), enforcement: 'evaluate' }] }))).toEqual([]);
    expect(githubLowering(c, moved, docs({ 'acme/api/repository.json': repo, 'acme/_org/rulesets.json': [ruleset(['~DEFAULT_BRANCH'], { repository_name: { include: ['web'], exclude: [] } })] }))).toEqual([]);
    expect(githubLowering(c, moved, docs({ 'acme/api/repository.json': repo, 'acme/api/rulesets.json': [ruleset(['~ALL'])] }))).toEqual([]);
  });

  it('a webhook put back sending more events, or sending again, raises access like a new one', () => {
    const path = 'acme/api/webhooks.json';
    const hook = (events: string[], active: boolean) => docs({ [path]: [{ events, active, config: { url: 'https://hooks.example/x' } }] });
    const c = change('webhook-changed', 'acme/api', path, 'https://hooks.example/x');
    expect(githubAccessRaised(c, hook(['*'], true), hook(['push'], true))).toEqual(["acme/api's events * sent to https://hooks.example/x too"]);
    expect(githubAccessRaised(c, hook(['push'], true), hook(['push'], false))).toEqual(["acme/api's inactive webhook to https://hooks.example/x sending again (push)"]);
    expect(githubAccessRaised(c, hook(['push'], false), hook(['push', 'issues'], true))).toEqual([]);
  });

  it('a default branch moved off a protected branch onto one with no protection', () => {
    const live = docs({ 'acme/api/repository.json': { private: true, default_branch: 'main' }, 'acme/api/branch-protections.json': { main: { enforce_admins: { enabled: true } } } });
    const snap = docs({ 'acme/api/repository.json': { private: true, default_branch: 'ci-trigger' } });
    expect(githubLowering(change('settings-changed', 'acme/api', 'acme/api/repository.json'), snap, live)).toEqual(['default branch main (protected) → ci-trigger (not protected)']);
    expect(githubLowering(change('settings-changed', 'acme/api', 'acme/api/repository.json'), live, snap)).toEqual([]);
  });
});
