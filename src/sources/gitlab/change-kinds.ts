/**
 * What a GitLab source's documents hold, kind by kind: how items are keyed, which fields count as a
 * change (the rest is GitLab's bookkeeping), and whether Bulkhead can put a lost one back.
 */
type J = Record<string, unknown>;

export interface Kind {
  file: string;
  noun: string;
  /** The change type when an item is gone (`variable-deleted`, `branch-unprotected`…). */
  gone: string;
  key: (x: J) => string;
  fields: string[];
  restorable: boolean;
  goneNote?: string;
  /** Set where GitLab (or this version) cannot edit a changed item back: a changed one is then not restorable, and this says what to do by hand. */
  changedNote?: string;
  /** A field compared as the restore writes it, where it writes less than GitLab shows (an approval rule's branches by name). */
  view?: Record<string, (v: unknown) => unknown>;
}

const name = (x: J) => String(x.name);
const scopedKey = (x: J) => (x.environment_scope && x.environment_scope !== '*' ? `${String(x.key)} (${String(x.environment_scope)})` : String(x.key));
const kind = (file: string, noun: string, key: (x: J) => string, fields: string[], restorable: boolean, extra: Partial<Kind> = {}): Kind => ({ file, noun, gone: `${noun}-deleted`, key, fields, restorable, ...extra });

/** An approval rule's approvers and branches as approval-rule-write.ts writes them: usernames, group paths, branch names (sets). */
const names = (field: string) => (v: unknown) => (Array.isArray(v) ? (v as J[]).map((x) => String(x[field])).sort() : v);
const APPROVAL_RULE_VIEW = { users: names('username'), groups: names('full_path'), protected_branches: names('name') };

export const VARIABLE_FIELDS = ['value', 'masked', 'protected', 'variable_type', 'raw', 'description'];

export const PROJECT_KINDS: Kind[] = [
  kind('protected-branches.json', 'protected-branch', name, ['push_access_levels', 'merge_access_levels', 'unprotect_access_levels', 'allow_force_push', 'code_owner_approval_required'], true, { gone: 'branch-unprotected' }),
  kind('protected-tags.json', 'protected-tag', name, ['create_access_levels'], true, { gone: 'tag-unprotected' }),
  kind('approval-rules.json', 'approval-rule', name, ['approvals_required', 'users', 'groups', 'protected_branches'], true, { view: APPROVAL_RULE_VIEW }),
  kind('variables.json', 'variable', scopedKey, VARIABLE_FIELDS, true),
  kind('environments.json', 'environment', name, ['external_url', 'tier'], true),
  kind('protected-environments.json', 'protected-environment', name, ['deploy_access_levels', 'required_approval_count'], true, {
    gone: 'environment-unprotected',
    // Unprotecting it to protect it again would open deployments between the two calls; Premium's in-place update is not called by this version.
    changedNote: 'not written by this version (unprotecting and protecting it again would open deployments in between): in Settings > CI/CD > Protected environments, set who may deploy and the approvals required as the snapshot lists them',
  }),
  kind('deploy-keys.json', 'deploy-key', (x) => String(x.key), ['title', 'can_push'], true),
  kind('deploy-tokens.json', 'deploy-token', name, ['scopes', 'expires_at', 'revoked'], false, { goneNote: 'create a new deploy token (GitLab shows its secret once) and hand it to whoever used the old one' }),
  kind('pipeline-schedules.json', 'schedule', (x) => String(x.description), ['ref', 'cron', 'cron_timezone', 'active', 'variables'], true, { goneNote: 'recreated with its variables; its owner becomes the restoring token’s user' }),
  kind('triggers.json', 'trigger', (x) => String(x.description), [], false, { goneNote: 'create a new trigger token (its value is new) and update whoever called the old one' }),
  kind('runners.json', 'runner', (x) => String(x.description), ['tag_list', 'run_untagged', 'locked', 'access_level', 'maximum_timeout', 'paused'], false, { gone: 'runner-removed', goneNote: 'register the runner again from its host' }),
  kind('hooks.json', 'hook', (x) => String(x.url), ['push_events', 'tag_push_events', 'merge_requests_events', 'issues_events', 'note_events', 'job_events', 'pipeline_events', 'wiki_page_events', 'deployment_events', 'releases_events', 'push_events_branch_filter', 'enable_ssl_verification'], true, { goneNote: 'its secret token is not backed up (GitLab never returns it); set it again' }),
  kind('members.json', 'member', (x) => String(x.username), ['access_level', 'expires_at'], true, { gone: 'member-removed' }),
  kind('labels.json', 'label', name, ['color', 'description'], true),
  kind('milestones.json', 'milestone', (x) => String(x.title), ['state', 'description', 'due_date'], true),
  kind('releases.json', 'release', (x) => String(x.tag_name), ['name', 'description'], true, { goneNote: 'recreated by the restoring token (author and date become its own); asset links are not' }),
  kind('issues.json', 'issue', (x) => `#${String(x.iid)}`, ['title', 'state'], false, { goneNote: 'can be recreated as a new issue (new number, author and dates), not as it was' }),
  kind('merge-requests.json', 'merge-request', (x) => `!${String(x.iid)}`, ['title', 'state'], false, { goneNote: 'its branches come back with the git data; open it again' }),
];

export const GROUP_KINDS: Kind[] = [
  kind('variables.json', 'variable', scopedKey, VARIABLE_FIELDS, true),
  kind('members.json', 'member', (x) => String(x.username), ['access_level', 'expires_at'], true, { gone: 'member-removed' }),
  kind('hooks.json', 'hook', (x) => String(x.url), ['push_events', 'tag_push_events', 'merge_requests_events', 'issues_events', 'pipeline_events', 'subgroup_events'], true, { goneNote: 'its secret token is not backed up (GitLab never returns it); set it again' }),
  kind('labels.json', 'label', name, ['color', 'description'], true),
  kind('milestones.json', 'milestone', (x) => String(x.title), ['state', 'description', 'due_date'], true),
  kind('deploy-tokens.json', 'deploy-token', name, ['scopes', 'expires_at', 'revoked'], false, { goneNote: 'create a new deploy token (GitLab shows its secret once)' }),
  kind('runners.json', 'runner', (x) => String(x.description), ['tag_list', 'run_untagged', 'locked', 'access_level', 'maximum_timeout', 'paused'], false, { gone: 'runner-removed', goneNote: 'register the runner again from its host' }),
];

/** Project settings compared for `settings-changed`. */
export const PROJECT_SETTINGS = ['visibility', 'description', 'default_branch', 'topics', 'issues_enabled', 'merge_requests_enabled', 'wiki_enabled', 'jobs_enabled', 'only_allow_merge_if_pipeline_succeeds', 'remove_source_branch_after_merge', 'merge_method'];
