import { spawnSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fastImport, fastImportEach, initBare, type FastCommit } from '../../helpers/git-fast.js';
import type { Repo, World } from './state.js';

/** A repository in the world, with a bare git repository the http-backend serves (empty, or a tiny history). */
export function newRepo(world: World, owner: string, name: string, opts: { private?: boolean; description?: string; empty?: boolean; commits?: FastCommit[]; wiki?: boolean } = {}): Repo {
  const gitDir = join(world.gitRoot, owner, `${name}.git`);
  if (opts.empty) cpSync(emptyTemplate(world, 'main'), gitDir, { recursive: true });
  else copyOf(world, opts.commits ?? [{ ref: 'refs/heads/main', files: { 'README.md': '# hello\n' } }], gitDir, 'main');
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

/**
 * An empty bare repository that takes pushes, made by git once per world and branch and copied from
 * then on (as the GitLab emulator's): every repository made cost two git processes (init, config)
 * forked from the test's worker otherwise. Without the sample hooks, which nothing runs.
 */
function emptyTemplate(world: World, branch: string): string {
  const key = `${world.gitRoot}\0empty\0${branch}`;
  let template = templates.get(key);
  if (!template) {
    template = join(world.gitRoot, '.templates', String(templates.size));
    initBare(template, branch);
    rmSync(join(template, 'hooks'), { recursive: true, force: true });
    acceptPushes(template);
    templates.set(key, template);
  }
  return template;
}

let batch: { gitDir: string; commits: FastCommit[] }[] | undefined;
let pools = 0;

/**
 * Runs `seed`, the histories of the repositories it makes written by one fast-import at its end
 * (fastImportEach) rather than one each: an organisation of 50 repositories, each with its own
 * README, paid 51 fast-import processes forked from the test's worker. The repositories are
 * complete when it returns.
 */
export function withOneImport<T>(world: World, seed: () => T): T {
  const repos: { gitDir: string; commits: FastCommit[] }[] = [];
  batch = repos;
  try {
    const out = seed();
    const pool = join(world.gitRoot, '.templates', `pool-${pools++}`);
    cpSync(emptyTemplate(world, 'main'), pool, { recursive: true });
    fastImportEach(pool, repos);
    return out;
  } finally {
    batch = undefined;
  }
}

/** Repositories of the same history are copies of one fast-import. */
function copyOf(world: World, commits: FastCommit[], gitDir: string, branch: string): void {
  if (batch) {
    cpSync(emptyTemplate(world, branch), gitDir, { recursive: true });
    batch.push({ gitDir, commits });
    return;
  }
  const key = `${world.gitRoot}\0${JSON.stringify(commits)}`;
  let template = templates.get(key);
  if (!template) {
    template = join(world.gitRoot, '.templates', String(templates.size));
    cpSync(emptyTemplate(world, branch), template, { recursive: true });
    fastImport(template, commits);
    templates.set(key, template);
  }
  cpSync(template, gitDir, { recursive: true });
}

function acceptPushes(gitDir: string): void {
  spawnSync('git', ['--git-dir', gitDir, 'config', 'http.receivepack', 'true']);
}
