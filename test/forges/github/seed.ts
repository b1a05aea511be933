import type { Account, Repo, World } from './state.js';
import { newRepo } from './seed-repo.js';
import { withOneImport } from '../bare-repos.js';

/**
 * An organisation with `count` repositories, each with the context a team would miss: protection
 * on main, environments with reviewers and branch policies, variables, secret names, a webhook, a
 * deploy key, collaborators and a team, labels, a milestone, a release with an asset, issues and a
 * pull request with comments and reviews; a wiki on every tenth; the last one archived and the one before a fork.
 */
export function seedOrg(world: World, login: string, count: number): Account {
  const t = world.time;
  const account: Account = {
    login,
    id: world.id(),
    type: 'Organization',
    members: ['alice', 'bob', 'carol'],
    owners: ['alice'],
    teams: [
      { id: world.id(), slug: 'ops', name: 'Ops', privacy: 'closed', members: ['alice'] },
      { id: world.id(), slug: 'devs', name: 'Devs', privacy: 'closed', members: ['bob', 'carol'] },
    ],
    variables: [{ name: 'ORG_REGION', value: 'eu-west-1', visibility: 'all', created_at: t, updated_at: t }],
    secrets: [{ name: 'ORG_NPM_TOKEN', visibility: 'private', created_at: t, updated_at: t }],
    rulesets: [{ id: world.id(), name: 'org-main', target: 'branch', enforcement: 'active', rules: [{ type: 'deletion' }], conditions: { ref_name: { include: ['~DEFAULT_BRANCH'], exclude: [] }, repository_name: { include: ['~ALL'], exclude: [] } } }],
    settings: { default_repository_permission: 'read', members_can_create_repositories: false, members_can_create_public_repositories: false, members_can_fork_private_repositories: false, web_commit_signoff_required: true, two_factor_requirement_enabled: true },
    hooks: [{ id: world.id(), active: true, events: ['repository'], config: { url: 'https://audit.example/hook', content_type: 'json', insecure_ssl: '0', secret: 'org-hook-secret' } }],
  };
  world.accounts.set(login.toLowerCase(), account);
  for (const name of ['alice', 'bob', 'carol']) world.accounts.set(name, { login: name, id: world.id(), type: 'User', members: [], teams: [], variables: [], secrets: [], rulesets: [], hooks: [] });
  withOneImport(world.gitRoot, () => {
    for (let i = 0; i < count; i++) seedRepo(world, login, `svc-${String(i).padStart(2, '0')}`, i, count);
  });
  return account;
}

export function seedRepo(world: World, owner: string, name: string, i: number, count: number): Repo {
  const t = world.time;
  const r = newRepo(world, owner, name, {
    description: `service ${i}`,
    private: i % 3 === 0,
    wiki: i % 10 === 0,
    commits: [
      { ref: 'refs/heads/main', files: { 'README.md': `# ${name}\n`, '.github/workflows/ci.yml': `name: CI\non: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps: [{ run: make test }]\n` } },
      { ref: 'refs/heads/release', from: 'refs/heads/main', files: { 'VERSION': '1.0\n' } },
    ],
  });
  r.settings.has_wiki = i % 10 === 0;
  r.archived = i === count - 1;
  r.fork = i === count - 2 && count > 1;
  r.topics = ['service'];
  r.protections.set('main', {
    required_status_checks: { strict: true, contexts: ['ci/test'] },
    enforce_admins: true,
    required_pull_request_reviews: { dismiss_stale_reviews: true, require_code_owner_reviews: false, required_approving_review_count: 2 },
    restrictions: null,
    required_linear_history: true,
    allow_force_pushes: false,
    allow_deletions: false,
  });
  r.protections.set('release', { required_status_checks: null, enforce_admins: false, required_pull_request_reviews: { required_approving_review_count: 1 }, restrictions: null });
  if (i % 5 === 0) r.rulesets.push({ id: world.id(), name: 'tags', target: 'tag', enforcement: 'active', rules: [{ type: 'deletion' }, { type: 'non_fast_forward' }], conditions: { ref_name: { include: ['refs/tags/v*'], exclude: [] } } });
  r.environments.push(
    { id: world.id(), name: 'production', wait_timer: 5, reviewers: [{ type: 'Team', login: 'ops' }], prevent_self_review: true, deployment_branch_policy: { protected_branches: false, custom_branch_policies: true }, branch_policies: [{ id: world.id(), name: 'main', type: 'branch' }] },
    { id: world.id(), name: 'staging', wait_timer: 0, reviewers: [], prevent_self_review: false, deployment_branch_policy: null, branch_policies: [] },
  );
  r.variables.push({ name: 'APP_NAME', value: name, created_at: t, updated_at: t }, { name: 'DEPLOY_REGION', value: 'eu-west-1', created_at: t, updated_at: t });
  r.secrets.push({ name: 'DEPLOY_TOKEN', created_at: t, updated_at: t }, { name: 'SENTRY_DSN', created_at: t, updated_at: t });
  r.hooks.push({ id: world.id(), active: true, events: ['push', 'pull_request'], config: { url: `https://ci.example/hooks/${name}`, content_type: 'json', insecure_ssl: '0', secret: 'hook-secret' } });
  r.keys.push({ id: world.id(), title: 'deploy', key: `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${String(i).padStart(40, 'x')}`, read_only: true, created_at: t });
  r.collaborators.set('alice', 'admin').set('bob', 'push');
  r.teams.set('ops', 'maintain').set('devs', 'push');
  r.labels.push({ id: world.id(), name: 'bug', color: 'd73a4a', description: 'Something is broken' }, { id: world.id(), name: 'deploy', color: '0e8a16', description: '' });
  r.milestones.push({ id: world.id(), number: 1, title: 'v1.0', description: 'first cut', state: 'open', due_on: null });
  r.releases.push({ id: world.id(), tag_name: 'v1.0', name: 'First', body: 'notes', draft: false, prerelease: false, target_commitish: 'main', assets: [{ id: world.id(), name: 'app.tar.gz', label: '', content_type: 'application/gzip', data: Buffer.from(`binary of ${name}\n`) }] });
  const changes = { id: world.id(), user: 'carol', state: 'CHANGES_REQUESTED' as const, body: 'needs a test', submitted_at: t };
  r.issues.push(
    { id: world.id(), number: 1, title: 'Crash on start', body: 'stack trace', state: 'open', user: 'bob', labels: ['bug'], milestone: 1, created_at: t, comments: [{ id: world.id(), body: 'confirmed', user: 'alice', created_at: t }] },
    { id: world.id(), number: 2, title: 'Add deploy step', body: '', state: 'closed', user: 'carol', labels: [], created_at: t, comments: [] },
    { id: world.id(), number: 3, title: 'Fix crash', body: 'fixes #1', state: 'open', user: 'bob', labels: ['bug'], pull: { head: 'release', base: 'main', reviews: [changes, { id: world.id(), user: 'alice', state: 'APPROVED', body: '', submitted_at: t }], reviewComments: [{ id: world.id(), review: changes.id, user: 'carol', body: 'off by one here', path: 'VERSION', line: 1, diff_hunk: '@@ -0,0 +1 @@\n+1.0', created_at: t }] }, created_at: t, comments: [{ id: world.id(), body: 'LGTM', user: 'alice', created_at: t }] },
  );
  return r;
}
