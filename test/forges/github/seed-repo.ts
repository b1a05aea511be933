import { spawnSync } from 'node:child_process';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { fastImport, initBare, type FastCommit } from '../../helpers/git-fast.js';
import type { Repo, World } from './state.js';

/** A repository in the world, with a bare git repository the http-backend serves (empty, or a tiny history). */
export function newRepo(world: World, owner: string, name: string, opts: { private?: boolean; description?: string; empty?: boolean; commits?: FastCommit[]; wiki?: boolean } = {}): Repo {
  const gitDir = join(world.gitRoot, owner, `${name}.git`);
  if (opts.empty) {
    initBare(gitDir);
    acceptPushes(gitDir);
  } else copyOf(world, opts.commits ?? [{ ref: 'refs/heads/main', files: { 'README.md': '# hello\n' } }], gitDir, 'main');
  let wikiDir: string | undefined;
  if (opts.wiki) {
    wikiDir = join(world.gitRoot, owner, `${name}.wiki.git`);
    copyOf(world, [{ ref: 'refs/heads/master', files: { 'Home.md': 'Welcome\n' } }], wikiDir, 'master');
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

const templates = new Map<string, string>();

/** Repositories of the same history are copies of one fast-import (50 repositories in a blink). */
function copyOf(world: World, commits: FastCommit[], gitDir: string, branch: string): void {
  const key = `${world.gitRoot}\0${JSON.stringify(commits)}`;
  let template = templates.get(key);
  if (!template) {
    template = join(world.gitRoot, '.templates', String(templates.size));
    initBare(template, branch);
    acceptPushes(template);
    fastImport(template, commits);
    templates.set(key, template);
  }
  cpSync(template, gitDir, { recursive: true });
}

function acceptPushes(gitDir: string): void {
  spawnSync('git', ['--git-dir', gitDir, 'config', 'http.receivepack', 'true']);
}
