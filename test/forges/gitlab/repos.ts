import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { FastCommit } from '../../helpers/git-fast.js';
import { bareRepoAt } from '../bare-repos.js';
import type { Project, World } from './state.js';

/** A bare repository for a project: empty (a new project) or holding `commits` (forges/bare-repos.ts). */
export function bareRepo(world: World, fullPath: string, commits?: FastCommit[], branch = 'main'): string {
  const gitDir = join(world.gitRoot, `${fullPath}.git`);
  rmSync(gitDir, { recursive: true, force: true });
  bareRepoAt(world.gitRoot, gitDir, branch, commits);
  return gitDir;
}

/** A project as GitLab creates it: settings' defaults, nothing protected, no context. */
export function newProject(world: World, namespaceId: number, path: string, over: Partial<Project> = {}, commits?: FastCommit[]): Project {
  const id = world.id();
  const ns = world.groups.get(namespaceId)!;
  const p: Project = {
    id, name: path, path, namespace_id: namespaceId, gitDir: '', description: '', visibility: 'private', default_branch: 'main', topics: [], archived: false, marked_for_deletion_on: null, created_at: world.time,
    settings: { issues_enabled: true, merge_requests_enabled: true, wiki_enabled: true, jobs_enabled: true, snippets_enabled: true, only_allow_merge_if_pipeline_succeeds: false, remove_source_branch_after_merge: true, merge_method: 'merge' },
    // GitLab's defaults for a new project.
    ci: { ci_config_path: null, public_jobs: true, build_timeout: 3600, shared_runners_enabled: true, group_runners_enabled: true, ci_forward_deployment_enabled: true, restrict_user_defined_variables: false, ci_pipeline_variables_minimum_override_role: 'developer', ci_allow_fork_pipelines_to_run_in_parent_project: true, auto_cancel_pending_pipelines: 'enabled' },
    protectedBranches: [], protectedTags: [], pushRule: null, approvalRules: [], variables: [], environments: [], protectedEnvironments: [], deployKeys: [], deployTokens: [], schedules: [], triggers: [],
    runners: [], hooks: [], members: [], labels: [], milestones: [], releases: [], issues: [], mergeRequests: [], ...over,
  };
  p.gitDir = bareRepo(world, `${world.groupPath(ns)}/${path}`, commits);
  world.projects.set(id, p);
  return p;
}
