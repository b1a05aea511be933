import { z } from 'zod';

/**
 * Response shapes the emulator's answers are held to, transcribed from the TypeScript interfaces
 * @gitbeaker/core 43.8 declares (node_modules/@gitbeaker/core/dist/index.d.ts): each interface's
 * required members are required here with their declared types, optional ones optional, and
 * `extends Record<string, unknown>` becomes passthrough (GitLab may send more). Where an interface
 * nests another gitbeaker type the emulator does not serve (DeploymentSchema, CommitSchema…), the
 * nested value is checked as an object only. The interface each schema comes from is named beside it.
 */
const str = z.string();
const int = z.number().int();
const bool = z.boolean();
const nullable = <T extends z.ZodTypeAny>(t: T) => t.nullable();
const obj = z.record(z.unknown());

/** SimpleUserSchema less created_at (MappedOmit<SimpleUserSchema, 'created_at'>). */
export const UserRef = z.object({ id: int, name: str, username: str, state: str, avatar_url: str, web_url: str }).passthrough();
/** CondensedNamespaceSchema (id, name, path, kind, full_path, parent_id, avatar_url, web_url). */
const Namespace = z.object({ id: int, name: str, path: str, kind: str, full_path: str, parent_id: nullable(int), avatar_url: nullable(str), web_url: str }).passthrough();

/** GroupSchema (extends SimpleGroupSchema, CondensedGroupSchema). */
export const Group = z.object({
  id: int, web_url: str, name: str, avatar_url: nullable(str), full_name: str, full_path: str, path: str, description: str, visibility: z.enum(['public', 'internal', 'private']),
  share_with_group_lock: bool, require_two_factor_authentication: bool, two_factor_grace_period: int, project_creation_level: str, auto_devops_enabled: z.boolean().nullable().optional(),
  subgroup_creation_level: str, emails_enabled: z.boolean().optional(), mentions_disabled: z.boolean().nullable().optional(), lfs_enabled: bool, default_branch_protection: int, request_access_enabled: bool,
  created_at: str, parent_id: nullable(int), marked_for_deletion_on: z.string().nullable().optional(),
}).passthrough();

/** SimpleProjectSchema members, and the ProjectSchema members listed (see README for the ones not checked). */
export const Project = z.object({
  id: int, web_url: str, name: str, path: str, description: nullable(str), name_with_namespace: str, path_with_namespace: str, created_at: str, default_branch: str, topics: nullable(z.array(str)),
  ssh_url_to_repo: str, http_url_to_repo: str, readme_url: nullable(str), forks_count: int, avatar_url: nullable(str), star_count: int, last_activity_at: str, namespace: Namespace,
  visibility: z.enum(['public', 'internal', 'private']), empty_repo: bool, issues_enabled: bool, open_issues_count: int, merge_requests_enabled: bool, jobs_enabled: bool, wiki_enabled: bool, snippets_enabled: bool,
  archived: bool, shared_runners_enabled: bool, group_runners_enabled: bool, only_allow_merge_if_pipeline_succeeds: bool, only_allow_merge_if_all_discussions_are_resolved: bool, remove_source_branch_after_merge: bool,
  request_access_enabled: bool, merge_method: str, squash_option: str, creator_id: int, updated_at: str, marked_for_deletion_on: z.string().nullable(),
  // CI/CD settings where gitbeaker's ProjectSchema and GitLab's description agree (ci_pipeline_variables_minimum_override_role: gitbeaker says boolean, GitLab a role's name; held to GitLab's description only).
  public_jobs: bool, ci_forward_deployment_enabled: bool, ci_allow_fork_pipelines_to_run_in_parent_project: bool,
}).passthrough();

/** ProjectVariableSchema (extends VariableSchema); GroupVariables answer VariableSchema plus environment_scope too. */
export const Variable = z.object({ variable_type: z.enum(['env_var', 'file']), value: z.string().nullable(), protected: bool, masked: bool, key: str, environment_scope: str }).passthrough();

/** ExtendedProtectedBranchAccessLevelSchema. */
const BranchAccess = z.object({ id: int, access_level: int, access_level_description: str, user_id: z.number().int().nullable().optional(), group_id: z.number().int().nullable().optional() });
/** ProtectedBranchSchema. */
export const ProtectedBranch = z.object({ id: int, name: str, push_access_levels: z.array(BranchAccess).optional(), merge_access_levels: z.array(BranchAccess).optional(), unprotect_access_levels: z.array(BranchAccess).optional(), allow_force_push: bool, code_owner_approval_required: bool }).passthrough();
/** ProtectedTagSchema with ProtectedTagAccessLevelSummarySchema. */
export const ProtectedTag = z.object({ name: str, create_access_levels: z.array(z.object({ id: int, access_level: int, access_level_description: str }).passthrough()).optional() }).passthrough();
/** PushRuleSchema. */
export const PushRule = z.object({
  id: int, commit_message_regex: str, commit_message_negative_regex: str, branch_name_regex: str, deny_delete_tag: bool, created_at: str, member_check: bool, prevent_secrets: bool,
  author_email_regex: str, file_name_regex: str, max_file_size: int, commit_committer_check: z.boolean().optional(), reject_unsigned_commits: z.boolean().optional(),
}).passthrough();
/** ProjectLevelApprovalRuleSchema (extends ApprovalRuleSchema). */
export const ApprovalRule = z.object({ id: int, name: str, rule_type: str, eligible_approvers: z.array(UserRef).optional(), approvals_required: int, users: z.array(UserRef).optional(), groups: z.array(obj).optional(), contains_hidden_groups: bool, overridden: bool, protected_branches: z.array(ProtectedBranch).optional() }).passthrough();
/** EnvironmentSchema (last_deployment and deployable: DeploymentSchema/DeployableSchema, checked as objects or null). */
export const Environment = z.object({
  id: int, name: str, slug: str, external_url: str, state: str, tier: z.enum(['production', 'staging', 'testing', 'development', 'other']), created_at: str, updated_at: str,
  enable_advanced_logs_querying: bool, logs_api_path: str, last_deployment: obj.nullable(), deployable: obj.nullable(), auto_stop_at: nullable(str), description: nullable(str), auto_stop_setting: str,
}).passthrough();
/** ProtectedEnvironmentSchema with ProtectedEnvironmentAccessLevelSummarySchema. */
export const ProtectedEnvironment = z.object({ name: str, deploy_access_levels: z.array(z.object({ access_level: z.union([z.literal(30), z.literal(40), z.literal(60)]), access_level_description: str, user_id: z.number().int().nullable().optional(), group_id: z.number().int().nullable().optional() }).passthrough()).optional(), required_approval_count: int }).passthrough();
/** DeployKeySchema (extends CondensedDeployKeySchema). */
export const DeployKey = z.object({ id: int, title: str, key: str, created_at: str, fingerprint: str, fingerprint_sha256: str, expires_at: z.string().nullable().optional(), can_push: z.boolean().optional() }).passthrough();
/** DeployTokenSchema. */
export const DeployToken = z.object({ id: int, name: str, username: str, expires_at: z.string().nullable(), revoked: bool, expired: bool, scopes: z.array(str).optional() }).passthrough();
/** PipelineVariableSchema. */
export const ScheduleVariable = z.object({ key: str, variable_type: z.string().optional(), value: str }).passthrough();
/** PipelineScheduleSchema (CondensedPipelineScheduleSchema + last_pipeline, a Pick of PipelineSchema or null before a first run). */
export const Schedule = z.object({ id: int, description: str, ref: str, cron: str, cron_timezone: str, next_run_at: str, active: bool, created_at: str, updated_at: str, owner: UserRef, last_pipeline: z.object({ id: int, sha: str, ref: str, status: str }).passthrough().nullable().optional() }).passthrough();
/** ExpandedPipelineScheduleSchema. */
export const ScheduleExpanded = Schedule.extend({ variables: z.array(ScheduleVariable) });
/** PipelineTriggerTokenSchema. */
export const Trigger = z.object({ id: int, description: str, created_at: str, last_used: nullable(str), token: str, updated_at: str, owner: UserRef.nullable() }).passthrough();
/** RunnerSchema; the runner detail (ExpandedRunnerSchema) adds tag_list, run_untagged, locked, access_level, maximum_timeout. */
export const Runner = z.object({ id: int, paused: bool, description: str, ip_address: z.string().nullable(), is_shared: bool, runner_type: z.enum(['instance_type', 'group_type', 'project_type']), name: z.string().nullable(), online: bool, status: str }).passthrough();
export const RunnerExpanded = Runner.extend({ tag_list: z.array(str), run_untagged: bool, locked: bool, access_level: str, maximum_timeout: z.number().int().nullable() });
/** ExpandedHookSchema (extends HookSchema). */
export const Hook = z.object({
  id: int, url: str, created_at: str, push_events: bool, tag_push_events: bool, merge_requests_events: bool, repository_update_events: bool, enable_ssl_verification: bool,
  push_events_branch_filter: str, issues_events: bool, confidential_issues_events: bool, note_events: bool, confidential_note_events: bool, job_events: bool, pipeline_events: bool,
  wiki_page_events: bool, deployment_events: bool, releases_events: bool, alert_status: str, url_variables: z.array(z.unknown()),
}).passthrough();
/** MemberSchema (extends SimpleMemberSchema, CondensedMemberSchema); email is admin-only on GitLab, optional here. */
export const Member = z.object({ id: int, username: str, name: str, state: str, avatar_url: str, web_url: str, expires_at: z.string().nullable(), access_level: z.union([z.literal(0), z.literal(5), z.literal(10), z.literal(15), z.literal(20), z.literal(30), z.literal(40), z.literal(50)]), email: z.string().optional() }).passthrough();
/** LabelSchema (extends SimpleLabelSchema: id, name, description, color, text_color…). */
export const Label = z.object({ id: int, name: str, color: str, description: nullable(str), open_issues_count: int, closed_issues_count: int, open_merge_requests_count: int, subscribed: bool, priority: z.number().int().nullable(), is_project_label: bool }).passthrough();
/** MilestoneSchema (group milestones carry group_id instead of project_id). */
export const Milestone = z.object({ id: int, iid: int, title: str, description: str, due_date: z.string().nullable().optional(), start_date: z.string().nullable(), state: str, updated_at: str, created_at: str, expired: z.boolean().nullable(), web_url: str }).passthrough();
/** ReleaseSchema (commit: CommitSchema, checked as an object). */
export const Release = z.object({
  name: nullable(str), tag_name: str, description: nullable(str), created_at: str, released_at: nullable(str), upcoming_release: z.boolean().nullable(), author: UserRef, commit: obj, milestones: z.array(obj).nullable(),
  commit_path: str, tag_path: str, assets: z.object({ count: int, sources: z.array(obj).nullable().optional(), links: z.array(obj).nullable(), evidence_file_path: str }).passthrough(), evidences: z.array(obj).nullable(),
  _links: z.object({ closed_issues_url: str, closed_merge_requests_url: str, edit_url: str, merged_merge_requests_url: str, opened_issues_url: str, opened_merge_requests_url: str, self: str }).passthrough(),
}).passthrough();
/** NoteSchema. */
export const Note = z.object({ id: int, body: str, attachment: nullable(str), author: UserRef, created_at: str, updated_at: str, system: bool, noteable_id: int, noteable_type: z.enum(['Issue', 'Snippet', 'Epic', 'Commit', 'MergeRequest']), noteable_iid: int, project_id: int, resolvable: bool }).passthrough();
/** IssueSchema members the emulator serves (id, iid, project_id, title, description, state, author, labels, dates, web_url). */
export const Issue = z.object({ id: int, iid: int, project_id: int, title: str, description: nullable(str), state: z.enum(['opened', 'closed']), author: UserRef, labels: z.array(str), created_at: str, updated_at: str, web_url: str }).passthrough();
/** MergeRequestSchema members the emulator serves. */
export const MergeRequest = z.object({ id: int, iid: int, project_id: int, title: str, description: nullable(str), state: str, source_branch: str, target_branch: str, author: UserRef, labels: z.array(str), created_at: str, updated_at: str, web_url: str }).passthrough();
/** GitLab's error bodies: `{ message }` or `{ error }`. */
export const ErrorBody = z.union([z.object({ message: z.unknown() }).passthrough(), z.object({ error: str }).passthrough()]);
