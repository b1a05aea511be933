type J = Record<string, unknown>;

/**
 * The settings a GitLab restore writes, one list per call: restore-project.ts writes exactly these,
 * and settings-lowering.ts judges each one's direction, so a setting added here is judged too (or
 * counted as lowering until it is).
 */
export const PROJECT_SETTING_KEYS = ['description', 'visibility', 'issues_enabled', 'merge_requests_enabled', 'wiki_enabled', 'jobs_enabled', 'snippets_enabled', 'only_allow_merge_if_pipeline_succeeds', 'remove_source_branch_after_merge', 'merge_method', 'topics'];

export const PUSH_RULE_KEYS = ['commit_message_regex', 'commit_message_negative_regex', 'branch_name_regex', 'deny_delete_tag', 'member_check', 'prevent_secrets', 'author_email_regex', 'file_name_regex', 'max_file_size', 'commit_committer_check', 'reject_unsigned_commits'];

/** A setting the snapshot has no value for is not written (the live one stays). */
export const written = (x: J, keys: string[]): J => Object.fromEntries(keys.filter((k) => x[k] !== undefined && x[k] !== null).map((k) => [k, x[k]]));
