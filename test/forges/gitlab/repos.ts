import { spawnSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fastImport, fastImportEach, initBare, type FastCommit } from '../../helpers/git-fast.js';
import type { Project, World } from './state.js';

const templates = new Map<string, string>();

/**
 * An empty bare repository that takes pushes, made by git once per world and branch and copied from
 * then on: a seeded group of 30 projects cost 60 more git processes (init, config) otherwise.
 */
function emptyTemplate(world: World, branch: string): string {
  const key = `${world.gitRoot}\0empty\0${branch}`;
  let template = templates.get(key);
  if (!template) {
    template = join(world.gitRoot, '.templates', String(templates.size));
    initBare(template, branch);
    acceptPushes(template);
    templates.set(key, template);
  }
  return template;
}

let batch: { gitDir: string; commits: FastCommit[] }[] | undefined;
let pools = 0;

/**
 * Runs `seed`, the histories of the repositories it makes written by one fast-import at its end
 * (fastImportEach) rather than one each: a group of 30 projects, each with its own README, paid 33
 * fast-import processes forked from the test's worker. The repositories are complete when it returns.
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

/** A bare repository for a project: empty (a new project) or a copy of one fast-import of `commits`. */
export function bareRepo(world: World, fullPath: string, commits?: FastCommit[], branch = 'main'): string {
  const gitDir = join(world.gitRoot, `${fullPath}.git`);
  rmSync(gitDir, { recursive: true, force: true });
  const empty = emptyTemplate(world, branch);
  if (!commits) {
    cpSync(empty, gitDir, { recursive: true });
    return gitDir;
  }
  if (batch) {
    cpSync(empty, gitDir, { recursive: true });
    batch.push({ gitDir, commits });
    return gitDir;
  }
  const key = `${world.gitRoot}\0${JSON.stringify(commits)}`;
  let template = templates.get(key);
  if (!template) {
    template = join(world.gitRoot, '.templates', String(templates.size));
    cpSync(empty, template, { recursive: true });
    fastImport(template, commits);
    templates.set(key, template);
  }
  cpSync(template, gitDir, { recursive: true });
  return gitDir;
}

function acceptPushes(gitDir: string): void {
  spawnSync('git', ['--git-dir', gitDir, 'config', 'http.receivepack', 'true']);
}

/** A project as GitLab creates it: settings' defaults, nothing protected, no context. */
export function newProject(world: World, namespaceId: number, path: string, over: Partial<Project> = {}, commits?: FastCommit[]): Project {
  const id = world.id();
  const ns = world.groups.get(namespaceId)!;
  const p: Project = {
    id, name: path, path, namespace_id: namespaceId, gitDir: '', description: '', visibility: 'private', default_branch: 'main', topics: [], archived: false, marked_for_deletion_on: null, created_at: world.time,
    settings: { issues_enabled: true, merge_requests_enabled: true, wiki_enabled: true, jobs_enabled: true, snippets_enabled: true, only_allow_merge_if_pipeline_succeeds: false, remove_source_branch_after_merge: true, merge_method: 'merge' },
    protectedBranches: [], protectedTags: [], pushRule: null, approvalRules: [], variables: [], environments: [], protectedEnvironments: [], deployKeys: [], deployTokens: [], schedules: [], triggers: [],
    runners: [], hooks: [], members: [], labels: [], milestones: [], releases: [], issues: [], mergeRequests: [], ...over,
  };
  p.gitDir = bareRepo(world, `${world.groupPath(ns)}/${path}`, commits);
  world.projects.set(id, p);
  return p;
}
