/**
 * The emulator's world: accounts and their repositories, each with the context GitHub keeps beside
 * the git data. Inputs are stored as GitHub accepts them (a protection as its PUT body) and rendered
 * into GitHub's response shapes by the route handlers.
 */
export type Json = Record<string, unknown>;

export interface Variable {
  name: string;
  value: string;
  created_at: string;
  updated_at: string;
}
export interface Secret {
  name: string;
  created_at: string;
  updated_at: string;
}
export interface Hook {
  id: number;
  events: string[];
  active: boolean;
  config: { url: string; content_type?: string; insecure_ssl?: string; secret?: string };
}
export interface Environment {
  id: number;
  name: string;
  wait_timer: number;
  reviewers: { type: 'User' | 'Team'; login: string }[];
  prevent_self_review: boolean;
  deployment_branch_policy: { protected_branches: boolean; custom_branch_policies: boolean } | null;
  branch_policies: { id: number; name: string; type: 'branch' | 'tag' }[];
}
export interface Comment {
  id: number;
  body: string;
  user: string;
  created_at: string;
}
/** A submitted pull request review (GitHub keeps its author, state and date; none can be set through the API). */
export interface Review {
  id: number;
  user: string;
  state: 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'DISMISSED';
  body: string;
  submitted_at: string;
}
/** A review comment on a line of a pull request's diff. */
export interface ReviewComment {
  id: number;
  review: number;
  user: string;
  body: string;
  path: string;
  line: number;
  diff_hunk: string;
  created_at: string;
}
export interface Issue {
  id: number;
  number: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  user: string;
  labels: string[];
  milestone?: number;
  /** A pull request's sides; merged_at (and its merge commit) when it was merged (then the issue is closed). */
  pull?: { head: string; base: string; reviews?: Review[]; reviewComments?: ReviewComment[]; merged_at?: string; merge_commit_sha?: string };
  created_at: string;
  comments: Comment[];
}
export interface Release {
  id: number;
  tag_name: string;
  name: string;
  body: string;
  draft: boolean;
  prerelease: boolean;
  target_commitish: string;
  assets: { id: number; name: string; label: string; content_type: string; data: Buffer }[];
}
export interface Repo {
  id: number;
  owner: string;
  name: string;
  gitDir: string;
  wikiDir?: string;
  private: boolean;
  archived: boolean;
  fork: boolean;
  description: string;
  default_branch: string;
  settings: { has_issues: boolean; has_wiki: boolean; has_projects: boolean; allow_squash_merge: boolean; allow_merge_commit: boolean; allow_rebase_merge: boolean; delete_branch_on_merge: boolean };
  topics: string[];
  protections: Map<string, Json>;
  rulesets: Json[];
  environments: Environment[];
  variables: Variable[];
  secrets: Secret[];
  actionsPermissions: { enabled: boolean; allowed_actions: 'all' | 'local_only' | 'selected'; sha_pinning_required?: boolean };
  /** The GITHUB_TOKEN's default permissions and whether workflows may approve pull requests (`…/actions/permissions/workflow`). */
  workflowPermissions: WorkflowPermissions;
  /** Which actions run when `allowed_actions` is `selected` (`…/actions/permissions/selected-actions`). */
  selectedActions: SelectedActions;
  hooks: Hook[];
  keys: { id: number; title: string; key: string; read_only: boolean; created_at: string }[];
  collaborators: Map<string, 'pull' | 'triage' | 'push' | 'maintain' | 'admin'>;
  teams: Map<string, 'pull' | 'triage' | 'push' | 'maintain' | 'admin'>;
  labels: { id: number; name: string; color: string; description: string }[];
  milestones: { id: number; number: number; title: string; description: string; state: 'open' | 'closed'; due_on: string | null }[];
  releases: Release[];
  issues: Issue[];
}
export interface WorkflowPermissions {
  default_workflow_permissions: 'read' | 'write';
  can_approve_pull_request_reviews: boolean;
}
export interface SelectedActions {
  github_owned_allowed: boolean;
  verified_allowed: boolean;
  patterns_allowed: string[];
}
/** An organisation's Actions policy (`/orgs/{org}/actions/permissions`, `/workflow`, `/selected-actions`). */
export interface OrgActions {
  enabled_repositories: 'all' | 'none' | 'selected';
  allowed_actions: 'all' | 'local_only' | 'selected';
  sha_pinning_required?: boolean;
  workflow: WorkflowPermissions;
  selected: SelectedActions;
}
export interface Account {
  login: string;
  id: number;
  type: 'Organization' | 'User';
  members: string[];
  /** Members who are owners (role admin); the others are members. */
  owners?: string[];
  /** Pending invitations (PUT /orgs/{org}/memberships/{username} of a non-member): membership waits for the person's acceptance. */
  invitations?: { id: number; login: string; role: 'admin' | 'member'; created_at: string }[];
  teams: { id: number; slug: string; name: string; description?: string; privacy: 'closed' | 'secret'; members: string[] }[];
  /** Org variables; `selected` holds the ids of the repositories a `selected` one is visible to. */
  variables: (Variable & { visibility: 'all' | 'private' | 'selected'; selected?: number[] })[];
  secrets: (Secret & { visibility: 'all' | 'private' | 'selected' })[];
  rulesets: Json[];
  hooks: Hook[];
  /** Organisation settings as PATCH /orgs/{org} sets them (default_repository_permission, members_can_create_…). */
  settings?: Json;
  /** Organisations only: their Actions policy (GitHub's defaults when not seeded). */
  actions?: OrgActions;
}

export class World {
  readonly accounts = new Map<string, Account>();
  readonly repos = new Map<string, Repo>();
  private nextId = 1000;
  readonly time = '2026-11-01T12:00:00Z';

  /** Bare repositories live in gitRoot/OWNER/NAME.git (and NAME.wiki.git). */
  constructor(readonly gitRoot: string) {}

  id(): number {
    return this.nextId++;
  }

  repo(owner: string, name: string): Repo | undefined {
    return this.repos.get(`${owner}/${name}`.toLowerCase());
  }

  reposOf(owner: string): Repo[] {
    return [...this.repos.values()].filter((r) => r.owner.toLowerCase() === owner.toLowerCase()).sort((a, b) => a.id - b.id);
  }
}
