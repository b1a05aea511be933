/**
 * The emulator's world: users, groups (nested by parent_id) and projects, each with the context
 * GitLab keeps beside the git data. Inputs are stored as GitLab accepts them and rendered into
 * GitLab's response shapes by render.ts.
 */
export interface Access {
  access_level: number;
  user_id?: number | null;
  group_id?: number | null;
}
export interface Variable {
  key: string;
  value: string;
  variable_type: 'env_var' | 'file';
  protected: boolean;
  masked: boolean;
  raw: boolean;
  environment_scope: string;
  description: string | null;
  /** Created masked_and_hidden: GitLab never answers its value again. */
  hidden?: boolean;
}
export interface Hook {
  id: number;
  url: string;
  token?: string;
  events: Record<string, boolean>;
  enable_ssl_verification: boolean;
  push_events_branch_filter: string;
  created_at: string;
}
export interface Member {
  user_id: number;
  access_level: number;
  expires_at: string | null;
}
export interface Label {
  id: number;
  name: string;
  color: string;
  description: string | null;
}
export interface Milestone {
  id: number;
  iid: number;
  title: string;
  description: string;
  state: 'active' | 'closed';
  due_date: string | null;
}
export interface Runner {
  id: number;
  description: string;
  tag_list: string[];
  run_untagged: boolean;
  locked: boolean;
  access_level: 'not_protected' | 'ref_protected';
  maximum_timeout: number | null;
  paused: boolean;
}
export interface DeployToken {
  id: number;
  name: string;
  username: string;
  scopes: string[];
  expires_at: string | null;
  revoked: boolean;
}
export interface Note {
  id: number;
  body: string;
  author_id: number;
  created_at: string;
  system: boolean;
}
export interface Issue {
  id: number;
  iid: number;
  title: string;
  description: string;
  state: 'opened' | 'closed';
  author_id: number;
  labels: string[];
  created_at: string;
  notes: Note[];
}
export interface MergeRequest extends Issue {
  source_branch: string;
  target_branch: string;
}
export interface Schedule {
  id: number;
  description: string;
  ref: string;
  cron: string;
  cron_timezone: string;
  active: boolean;
  owner_id: number;
  variables: { key: string; value: string; variable_type: 'env_var' | 'file' }[];
  created_at: string;
}
export interface Group {
  id: number;
  name: string;
  path: string;
  parent_id: number | null;
  description: string;
  visibility: 'public' | 'internal' | 'private';
  created_at: string;
  variables: Variable[];
  members: Member[];
  hooks: Hook[];
  runners: Runner[];
  labels: Label[];
  milestones: Milestone[];
  deployTokens: DeployToken[];
}
export interface ProjectCi {
  ci_config_path: string | null;
  public_jobs: boolean;
  build_timeout: number;
  shared_runners_enabled: boolean;
  group_runners_enabled: boolean;
  ci_forward_deployment_enabled: boolean;
  restrict_user_defined_variables: boolean;
  ci_pipeline_variables_minimum_override_role: 'no_one_allowed' | 'developer' | 'maintainer' | 'owner';
  ci_allow_fork_pipelines_to_run_in_parent_project: boolean;
  auto_cancel_pending_pipelines: 'enabled' | 'disabled';
}
export interface Project {
  id: number;
  name: string;
  path: string;
  namespace_id: number;
  gitDir: string;
  wikiDir?: string;
  description: string;
  visibility: 'public' | 'internal' | 'private';
  default_branch: string;
  topics: string[];
  archived: boolean;
  marked_for_deletion_on: string | null;
  settings: { issues_enabled: boolean; merge_requests_enabled: boolean; wiki_enabled: boolean; jobs_enabled: boolean; snippets_enabled: boolean; only_allow_merge_if_pipeline_succeeds: boolean; remove_source_branch_after_merge: boolean; merge_method: string };
  /** CI/CD settings as `PUT /projects/:id` sets them (stored and echoed, not enforced: no pipeline runs here). */
  ci: ProjectCi;
  created_at: string;
  protectedBranches: { id: number; name: string; push: Access[]; merge: Access[]; unprotect: Access[]; allow_force_push: boolean; code_owner_approval_required: boolean }[];
  protectedTags: { name: string; create: Access[] }[];
  pushRule: { id: number; commit_message_regex: string; branch_name_regex: string; deny_delete_tag: boolean; member_check: boolean; prevent_secrets: boolean; max_file_size: number; created_at: string } | null;
  approvalRules: { id: number; name: string; approvals_required: number; user_ids: number[]; group_ids?: number[]; protected_branch_ids: number[] }[];
  variables: Variable[];
  environments: { id: number; name: string; external_url: string; tier: 'production' | 'staging' | 'testing' | 'development' | 'other'; created_at: string }[];
  protectedEnvironments: { name: string; deploy_access_levels: Access[]; required_approval_count: number }[];
  deployKeys: { id: number; title: string; key: string; can_push: boolean; created_at: string }[];
  deployTokens: DeployToken[];
  schedules: Schedule[];
  triggers: { id: number; description: string; token: string; owner_id: number; created_at: string }[];
  runners: Runner[];
  hooks: Hook[];
  members: Member[];
  labels: Label[];
  milestones: Milestone[];
  releases: { tag_name: string; name: string; description: string; created_at: string; author_id: number }[];
  issues: Issue[];
  mergeRequests: MergeRequest[];
}
export interface User {
  id: number;
  username: string;
  name: string;
}

export class World {
  readonly users: User[] = [];
  readonly groups = new Map<number, Group>();
  readonly projects = new Map<number, Project>();
  /** Groups delete projects after a delay (GitLab's default on Premium and gitlab.com): DELETE marks them. */
  delayedDeletionDays = 7;
  /** GitLab Premium reads `allowed_to_*` (users, groups, more roles) on protected refs; Free ignores them. */
  premium = true;
  private nextId = 100;
  readonly time = '2026-11-01T12:00:00.000Z';

  /** Bare repositories live in gitRoot/FULL/PATH.git (and .wiki.git). */
  constructor(readonly gitRoot: string) {}

  id(): number {
    return this.nextId++;
  }

  user(id: number): User {
    return this.users.find((u) => u.id === id) ?? { id, username: `user${id}`, name: `User ${id}` };
  }

  groupPath(g: Group): string {
    const parent = g.parent_id === null ? undefined : this.groups.get(g.parent_id);
    return parent ? `${this.groupPath(parent)}/${g.path}` : g.path;
  }

  projectPath(p: Project): string {
    return `${this.groupPath(this.groups.get(p.namespace_id)!)}/${p.path}`;
  }

  /** By numeric id or URL-decoded full path, as GitLab's `:id` takes either. */
  group(ref: string): Group | undefined {
    if (/^\d+$/.test(ref)) return this.groups.get(Number(ref));
    return [...this.groups.values()].find((g) => this.groupPath(g).toLowerCase() === ref.toLowerCase());
  }

  project(ref: string): Project | undefined {
    if (/^\d+$/.test(ref)) return this.projects.get(Number(ref));
    return [...this.projects.values()].find((p) => this.projectPath(p).toLowerCase() === ref.toLowerCase());
  }

  /** The group and all its descendants. */
  descendants(g: Group): Group[] {
    const kids = [...this.groups.values()].filter((x) => x.parent_id === g.id).sort((a, b) => a.id - b.id);
    return kids.flatMap((k) => [k, ...this.descendants(k)]);
  }
}
