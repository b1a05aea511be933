import { join } from 'node:path';
import type { FastCommit } from '../../helpers/git-fast.js';
import { bareRepoAt } from '../bare-repos.js';
import type { Repo, World } from './state.js';

/** A repository in the world, with a bare git repository the http-backend serves (empty, or a tiny history). */
export function newRepo(world: World, owner: string, name: string, opts: { private?: boolean; description?: string; empty?: boolean; commits?: FastCommit[]; wiki?: boolean } = {}): Repo {
  const gitDir = join(world.gitRoot, owner, `${name}.git`);
  bareRepoAt(world.gitRoot, gitDir, 'main', opts.empty ? undefined : (opts.commits ?? [{ ref: 'refs/heads/main', files: { 'README.md': '# hello\n' } }]));
  let wikiDir: string | undefined;
  if (opts.wiki) {
    wikiDir = join(world.gitRoot, owner, `${name}.wiki.git`);
    bareRepoAt(world.gitRoot, wikiDir, 'master', [{ ref: 'refs/heads/master', files: { 'Home.md': 'Welcome\n' } }]);
  }
  const repo: Repo = {
    id: world.id(),
    owner,
    name,
    gitDir,
    ...(wikiDir && { wikiDir }),
    private: opts.private ?? false,
    archived: false,
    fork: false,
    description: opts.description ?? '',
    default_branch: 'main',
    settings: { has_issues: true, has_wiki: true, has_projects: false, allow_squash_merge: true, allow_merge_commit: true, allow_rebase_merge: true, delete_branch_on_merge: false },
    topics: [],
    protections: new Map(),
    rulesets: [],
    environments: [],
    variables: [],
    secrets: [],
    actionsPermissions: { enabled: true, allowed_actions: 'all' },
    workflowPermissions: { default_workflow_permissions: 'read', can_approve_pull_request_reviews: false },
    selectedActions: { github_owned_allowed: true, verified_allowed: false, patterns_allowed: [] },
    hooks: [],
    keys: [],
    collaborators: new Map(),
    teams: new Map(),
    labels: [],
    milestones: [],
    releases: [],
    issues: [],
  };
  world.repos.set(`${owner}/${name}`.toLowerCase(), repo);
  return repo;
}
