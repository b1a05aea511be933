import { z } from 'zod';
import { accessLevel } from './http.js';
import type { Hook, Variable, World } from './state.js';

/**
 * Request bodies the emulator takes, with GitLab's documented parameter names (REST API docs for
 * each endpoint; gitbeaker sends its camelCase options decamelized to these). Unknown fields are
 * violations (the server parses them strictly).
 */
export const variableBody = z.object({
  key: z.string().regex(/^[A-Za-z0-9_]+$/), value: z.string(), variable_type: z.enum(['env_var', 'file']).optional(), protected: z.boolean().optional(), masked: z.boolean().optional(),
  masked_and_hidden: z.boolean().optional(), raw: z.boolean().optional(), environment_scope: z.string().optional(), description: z.string().nullable().optional(),
});
export const variableEditBody = variableBody.omit({ key: true, masked_and_hidden: true }).extend({ filter: z.object({ environment_scope: z.string() }).optional() });

/** A stored variable from a POST/PUT body, GitLab's defaults filled in. */
export function scoped(b: Record<string, unknown>): Variable {
  return {
    key: String(b.key), value: String(b.value), variable_type: (b.variable_type as Variable['variable_type']) ?? 'env_var', protected: !!b.protected, masked: !!b.masked, raw: !!b.raw,
    environment_scope: (b.environment_scope as string | undefined) ?? '*', description: (b.description as string | null | undefined) ?? null,
    ...((b.masked_and_hidden === true || b.hidden === true) && { hidden: true, masked: true }),
  };
}

const events = ['push_events', 'tag_push_events', 'merge_requests_events', 'repository_update_events', 'issues_events', 'confidential_issues_events', 'note_events', 'confidential_note_events', 'job_events', 'pipeline_events', 'wiki_page_events', 'deployment_events', 'releases_events'] as const;
export const hookBody = z.object({ url: z.string().url(), token: z.string().optional(), enable_ssl_verification: z.boolean().optional(), push_events_branch_filter: z.string().optional(), ...Object.fromEntries(events.map((e) => [e, z.boolean().optional()])) });
/** A member is added by `user_id` or by `username` (GitLab's description declares both; exactly one is required, said by the route). */
export const memberBody = z.object({ user_id: z.union([z.number().int(), z.string()]).optional(), username: z.string().optional(), access_level: z.union([z.literal(10), z.literal(20), z.literal(30), z.literal(40), z.literal(50)]), expires_at: z.string().nullable().optional() });
export const labelBody = z.object({ name: z.string(), color: z.string(), description: z.string().nullable().optional(), priority: z.number().int().nullable().optional() });
export const milestoneBody = z.object({ title: z.string(), description: z.string().optional(), due_date: z.string().nullable().optional(), start_date: z.string().nullable().optional() });
export const milestoneEditBody = milestoneBody.partial().extend({ state_event: z.enum(['close', 'activate']).optional() });
export const scheduleBody = z.object({ description: z.string(), ref: z.string(), cron: z.string(), cron_timezone: z.string().optional(), active: z.boolean().optional() });
export const scheduleVariableBody = z.object({ key: z.string(), value: z.string(), variable_type: z.enum(['env_var', 'file']).optional() });
export const environmentBody = z.object({ name: z.string(), external_url: z.string().optional(), tier: z.enum(['production', 'staging', 'testing', 'development', 'other']).optional() });
export const protectedEnvironmentBody = z.object({ name: z.string(), deploy_access_levels: z.array(z.object({ access_level: accessLevel.optional(), user_id: z.number().int().optional(), group_id: z.number().int().optional() })), required_approval_count: z.number().int().optional() });
export const deployKeyBody = z.object({ title: z.string(), key: z.string(), can_push: z.boolean().optional(), expires_at: z.string().optional() });
export const pushRuleBody = z.object({ commit_message_regex: z.string().optional(), branch_name_regex: z.string().optional(), deny_delete_tag: z.boolean().optional(), member_check: z.boolean().optional(), prevent_secrets: z.boolean().optional(), max_file_size: z.number().int().optional(), commit_message_negative_regex: z.string().optional(), author_email_regex: z.string().optional(), file_name_regex: z.string().optional(), commit_committer_check: z.boolean().optional(), reject_unsigned_commits: z.boolean().optional() });
export const approvalRuleBody = z.object({ name: z.string(), approvals_required: z.number().int(), user_ids: z.array(z.number().int()).optional(), usernames: z.array(z.string()).optional(), group_ids: z.array(z.number().int()).optional(), protected_branch_ids: z.array(z.number().int()).optional(), rule_type: z.string().optional() });
/** PUT …/approval_rules/:approval_rule_id (gitbeaker's EditApprovalRuleOptions): every member optional, no rule_type. */
export const approvalRuleEditBody = approvalRuleBody.omit({ rule_type: true }).partial().extend({ remove_hidden_groups: z.boolean().optional() });
export const releaseBody = z.object({ tag_name: z.string(), name: z.string().optional(), description: z.string().optional(), ref: z.string().optional(), released_at: z.string().optional() });
export const issueBody = z.object({ title: z.string(), description: z.string().optional(), labels: z.string().optional(), created_at: z.string().optional() });
export const issueEditBody = z.object({ state_event: z.enum(['close', 'reopen']).optional(), title: z.string().optional(), description: z.string().optional() });
export const noteBody = z.object({ body: z.string(), created_at: z.string().optional() });
export const projectBody = z.object({
  name: z.string().optional(), path: z.string().optional(), namespace_id: z.number().int().optional(), description: z.string().optional(), visibility: z.enum(['public', 'internal', 'private']).optional(),
  default_branch: z.string().optional(), topics: z.array(z.string()).optional(), issues_enabled: z.boolean().optional(), merge_requests_enabled: z.boolean().optional(), wiki_enabled: z.boolean().optional(),
  jobs_enabled: z.boolean().optional(), snippets_enabled: z.boolean().optional(), only_allow_merge_if_pipeline_succeeds: z.boolean().optional(), remove_source_branch_after_merge: z.boolean().optional(),
  merge_method: z.enum(['merge', 'rebase_merge', 'ff']).optional(), initialize_with_readme: z.boolean().optional(),
  ci_config_path: z.string().optional(), public_jobs: z.boolean().optional(), build_timeout: z.number().int().min(600).max(2_592_000).optional(), shared_runners_enabled: z.boolean().optional(),
  group_runners_enabled: z.boolean().optional(), ci_forward_deployment_enabled: z.boolean().optional(), restrict_user_defined_variables: z.boolean().optional(),
  ci_pipeline_variables_minimum_override_role: z.enum(['no_one_allowed', 'developer', 'maintainer', 'owner']).optional(), ci_allow_fork_pipelines_to_run_in_parent_project: z.boolean().optional(),
  auto_cancel_pending_pipelines: z.enum(['enabled', 'disabled']).optional(),
});

/** A stored hook from a POST body: its events are the `*_events` flags given. */
export function hookFrom(b: Record<string, unknown>, id: number, time: string): Hook {
  const { url, enable_ssl_verification, push_events_branch_filter, token, ...events } = b;
  delete events.subgroup_events;
  return { id, url: String(url), ...(typeof token === 'string' && { token }), events: events as Record<string, boolean>, enable_ssl_verification: enable_ssl_verification !== false, push_events_branch_filter: String(push_events_branch_filter ?? ''), created_at: time };
}

/** The user a member body names, by id or by username (GitLab: `user_id, username are missing, exactly one parameter must be provided`); undefined when it names none or both, or an unknown username. */
export function memberUser(world: World, b: { user_id?: number | string; username?: string }): number | undefined {
  if ((b.user_id === undefined) === (b.username === undefined)) return undefined;
  return b.username !== undefined ? world.users.find((u) => u.username === b.username)?.id : Number(b.user_id);
}
