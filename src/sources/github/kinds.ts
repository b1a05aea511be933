import type { Noun } from './change-types.js';
import { reviewerKey, type Reviewer } from './environment-reviewers.js';

type J = Record<string, unknown>;

/** A list document of a GitHub source (labels.json, members.json…): how its items are told apart and compared. */
export interface Kind {
  file: string;
  noun: Noun;
  key: (x: J) => string;
  /** Fields compared for `-changed` (others, such as ids and URLs, are GitHub's bookkeeping). */
  fields: string[];
  /** Whether Bulkhead can put an item of this kind back (for some kinds, only some items: `why` says why not). */
  restorable: boolean | ((x: J) => { ok: boolean; why?: string });
  deletedNote?: string;
  /** What a `-changed` restore cannot put back as it was. */
  changedNote?: string;
  /** A changed item cannot be put back (only a deleted one can): why. */
  changeKept?: string;
  /** Fields GitHub gives only to some tokens (a ruleset's bypass actors, to one that may write it): compared only when both sides have them. */
  partial?: string[];
  /** What is compared, when it is not the document's item as GitHub gives it (a release's assets by name and size). */
  view?: (x: J) => J;
}

const assetNames = (x: J) => ((x.assets as { name: string; size: number }[] | undefined) ?? []).map((a) => `${a.name} (${a.size} bytes)`).sort();
/** A team's members by login, in one order (GitHub lists them in the order they joined). */
const memberLogins = (x: J) => (Array.isArray(x.members) ? { ...x, members: (x.members as J[]).map((m) => String(m.login)).sort() } : x);
/**
 * An environment's required reviewers as the restore writes them (a user's id, a team's slug): the
 * comparison leaves ids out as bookkeeping, which hid a reviewer whose id alone changed (red team 3).
 */
const reviewerIdentities = (x: J): J => ({
  ...x,
  protection_rules: Array.isArray(x.protection_rules) ? (x.protection_rules as J[]).map((r) => (r.type === 'required_reviewers' && Array.isArray(r.reviewers) ? { ...r, reviewers: (r.reviewers as Reviewer[]).map(reviewerKey) } : r)) : x.protection_rules,
});
const HOOK_SECRET = 'its shared secret is not backed up: if it was removed or changed, set it again after the restore';

export const REPO_KINDS: Kind[] = [
  { file: 'rulesets.json', noun: 'ruleset', key: (x) => String(x.name), fields: ['enforcement', 'target', 'rules', 'conditions', 'bypass_actors'], restorable: true, partial: ['bypass_actors'] },
  { file: 'environments.json', noun: 'environment', key: (x) => String(x.name), fields: ['protection_rules', 'deployment_branch_policy', 'deployment_branch_policies'], restorable: true, view: reviewerIdentities },
  { file: 'actions-variables.json', noun: 'variable', key: (x) => String(x.name), fields: ['value'], restorable: true },
  { file: 'actions-secrets.json', noun: 'secret', key: (x) => String(x.name), fields: ['updated_at'], restorable: false, deletedNote: 'value cannot be restored (GitHub never returns it); re-enter it' },
  { file: 'webhooks.json', noun: 'webhook', key: (x) => String((x.config as J | undefined)?.url), fields: ['events', 'active', 'config'], restorable: true, deletedNote: HOOK_SECRET, changedNote: HOOK_SECRET },
  {
    file: 'deploy-keys.json', noun: 'deploy-key', key: (x) => String(x.key), fields: ['read_only', 'title'], restorable: true,
    changeKept: 'GitHub cannot edit a deploy key, and deleting and adding it again would cut off whatever uses it: compare with the snapshot’s document and replace it by hand if you mean to',
  },
  { file: 'collaborators.json', noun: 'collaborator', key: (x) => String(x.login), fields: ['role_name'], restorable: true },
  { file: 'teams.json', noun: 'team-access', key: (x) => String(x.slug), fields: ['permission'], restorable: true },
  { file: 'labels.json', noun: 'label', key: (x) => String(x.name), fields: ['color', 'description'], restorable: true },
  { file: 'milestones.json', noun: 'milestone', key: (x) => String(x.title), fields: ['state', 'description', 'due_on'], restorable: true },
  { file: 'releases.json', noun: 'release', key: (x) => String(x.tag_name), fields: ['name', 'body', 'draft', 'prerelease', 'assets'], restorable: true, deletedNote: 'recreated with its assets; its author and dates become the restoring token’s and now', view: (x) => ({ ...x, assets: assetNames(x) }) },
  { file: 'issues.json', noun: 'issue', key: (x) => `#${String(x.number)}`, fields: ['title', 'state', 'body'], restorable: false, deletedNote: 'can be recreated as a new issue (new number, author and dates), not as it was' },
];

export const ORG_KINDS: Kind[] = [
  { file: 'members.json', noun: 'member', key: (x) => String(x.login), fields: ['role'], partial: ['role'], restorable: true, deletedNote: 'invited again with their role: GitHub sends an invitation and they are a member only once they accept' },
  {
    file: 'teams.json', noun: 'team', key: (x) => String(x.slug), fields: ['privacy', 'description', 'members'], restorable: true, view: memberLogins,
    deletedNote: 'recreated with its members and repository permissions (a new id; members as members, not maintainers; its discussions and nested teams are not backed up)',
  },
  { file: 'actions-variables.json', noun: 'variable', key: (x) => String(x.name), fields: ['value', 'visibility', 'selected_repositories'], restorable: true },
  { file: 'actions-secrets.json', noun: 'secret', key: (x) => String(x.name), fields: ['updated_at', 'visibility'], restorable: false, deletedNote: 'value cannot be restored (GitHub never returns it); re-enter it' },
  { file: 'rulesets.json', noun: 'ruleset', key: (x) => String(x.name), fields: ['enforcement', 'target', 'rules', 'conditions', 'bypass_actors'], restorable: true, partial: ['bypass_actors'] },
  { file: 'webhooks.json', noun: 'webhook', key: (x) => String((x.config as J | undefined)?.url), fields: ['events', 'active', 'config'], restorable: true, deletedNote: HOOK_SECRET, changedNote: HOOK_SECRET },
];

/** Organisation settings an agent could loosen; PATCH /orgs/{org} sets all but two_factor_requirement_enabled. */
export const ORG_SETTINGS = ['name', 'description', 'email', 'blog', 'company', 'location', 'billing_email', 'default_repository_permission', 'members_can_create_repositories', 'members_can_create_public_repositories', 'members_can_create_private_repositories', 'members_can_create_internal_repositories', 'members_can_fork_private_repositories', 'members_can_create_pages', 'members_can_create_public_pages', 'members_can_create_private_pages', 'web_commit_signoff_required', 'has_organization_projects', 'has_repository_projects', 'deploy_keys_enabled_for_repositories'];
export const ORG_UNSETTABLE = ['two_factor_requirement_enabled'];
