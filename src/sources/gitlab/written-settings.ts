import { BulkheadError } from '../../util/errors.js';

type J = Record<string, unknown>;

/**
 * The settings a GitLab restore writes, one list per call: restore-project.ts writes exactly these,
 * and settings-lowering.ts judges each one's direction, so a setting added here is judged too (or
 * counted as lowering until it is).
 */
export const PROJECT_SETTING_KEYS = ['description', 'visibility', 'issues_enabled', 'merge_requests_enabled', 'wiki_enabled', 'jobs_enabled', 'snippets_enabled', 'only_allow_merge_if_pipeline_succeeds', 'remove_source_branch_after_merge', 'merge_method', 'topics'];

export const PUSH_RULE_KEYS = ['commit_message_regex', 'commit_message_negative_regex', 'branch_name_regex', 'deny_delete_tag', 'member_check', 'prevent_secrets', 'author_email_regex', 'file_name_regex', 'max_file_size', 'commit_committer_check', 'reject_unsigned_commits'];

/** Settings GitLab takes as true or false: only a boolean is judged or written (its API would read "true", 1, "yes" as on: red team 4, R4-3). */
export const BOOLEAN_SETTINGS = new Set(['issues_enabled', 'merge_requests_enabled', 'wiki_enabled', 'jobs_enabled', 'snippets_enabled', 'only_allow_merge_if_pipeline_succeeds', 'remove_source_branch_after_merge', 'deny_delete_tag', 'member_check', 'prevent_secrets', 'commit_committer_check', 'reject_unsigned_commits']);

/** A boolean setting recorded as something else (settings-lowering.ts counts it as lowering). */
export const notBoolean = (k: string, v: unknown) => BOOLEAN_SETTINGS.has(k) && typeof v !== 'boolean';

/** A setting the snapshot has no value for is not written (the live one stays). */
export const written = (x: J, keys: string[]): J => Object.fromEntries(keys.filter((k) => x[k] !== undefined && x[k] !== null).map((k) => [k, x[k]]));

/** What a restore writes: `written`, refused (TAMPERED, nothing written) when a boolean setting is recorded as anything but true or false. */
export function writtenBody(x: J, keys: string[], what: string): J {
  const body = written(x, keys);
  const bad = Object.entries(body).filter(([k, v]) => notBoolean(k, v));
  if (bad.length > 0) throw new BulkheadError('TAMPERED', `${what}: the snapshot records ${bad.map(([k, v]) => `${k} as ${JSON.stringify(v)}`).join(', ')}, not true or false; refused, nothing written: set it by hand`);
  return body;
}
