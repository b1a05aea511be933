import { noContent, notFound, ok, repoOf, type Ctx, type Reply, type Routes } from './http.js';
import type { Account, OrgActions, SelectedActions, WorkflowPermissions } from './state.js';

/**
 * Actions permissions of a repository and of an organisation: which actions may run
 * (`allowed_actions`, and for `selected` the selected-actions list), which repositories of an
 * organisation may run them (`enabled_repositories`), the GITHUB_TOKEN's default permissions and
 * whether workflows may approve pull requests. Stored as GitHub's PUT bodies set them; GitHub's
 * precedence (an organisation's policy capping a repository's) is not enforced.
 */
const orgOf = (c: Ctx): Account | undefined => {
  const a = c.world.accounts.get(c.params.org!.toLowerCase());
  return a?.type === 'Organization' ? a : undefined;
};

/** An organisation's policy, GitHub's defaults until one is set. */
function orgActions(a: Account): OrgActions {
  a.actions ??= {
    enabled_repositories: 'all',
    allowed_actions: 'all',
    workflow: { default_workflow_permissions: 'read', can_approve_pull_request_reviews: false },
    selected: { github_owned_allowed: true, verified_allowed: false, patterns_allowed: [] },
  };
  return a.actions;
}

function setWorkflow(w: WorkflowPermissions, c: Ctx): Reply {
  const b = c.body as Partial<WorkflowPermissions>;
  if (b.default_workflow_permissions !== undefined) w.default_workflow_permissions = b.default_workflow_permissions;
  if (b.can_approve_pull_request_reviews !== undefined) w.can_approve_pull_request_reviews = b.can_approve_pull_request_reviews;
  return noContent();
}

function setSelected(s: SelectedActions, c: Ctx): Reply {
  const b = c.body as Partial<SelectedActions>;
  if (b.github_owned_allowed !== undefined) s.github_owned_allowed = b.github_owned_allowed;
  if (b.verified_allowed !== undefined) s.verified_allowed = b.verified_allowed;
  if (b.patterns_allowed !== undefined) s.patterns_allowed = [...b.patterns_allowed];
  return noContent();
}

export const actionsPermissionRoutes: Routes = {
  'GET /repos/{owner}/{repo}/actions/permissions': (c) => {
    const r = repoOf(c);
    return r ? ok({ ...r.actionsPermissions, ...(r.actionsPermissions.allowed_actions === 'selected' && { selected_actions_url: `${c.base}/repos/${r.owner}/${r.name}/actions/permissions/selected-actions` }) }) : notFound();
  },
  'PUT /repos/{owner}/{repo}/actions/permissions': (c) => {
    const r = repoOf(c);
    if (!r) return notFound();
    const b = c.body as { enabled: boolean; allowed_actions?: 'all' | 'local_only' | 'selected'; sha_pinning_required?: boolean };
    r.actionsPermissions = { enabled: b.enabled, allowed_actions: b.allowed_actions ?? r.actionsPermissions.allowed_actions, ...((b.sha_pinning_required ?? r.actionsPermissions.sha_pinning_required) !== undefined && { sha_pinning_required: b.sha_pinning_required ?? r.actionsPermissions.sha_pinning_required }) };
    return noContent();
  },
  'GET /repos/{owner}/{repo}/actions/permissions/workflow': (c) => {
    const r = repoOf(c);
    return r ? ok({ ...r.workflowPermissions }) : notFound();
  },
  'PUT /repos/{owner}/{repo}/actions/permissions/workflow': (c) => {
    const r = repoOf(c);
    return r ? setWorkflow(r.workflowPermissions, c) : notFound();
  },
  'GET /repos/{owner}/{repo}/actions/permissions/selected-actions': (c) => {
    const r = repoOf(c);
    return r ? ok({ ...r.selectedActions, patterns_allowed: [...r.selectedActions.patterns_allowed] }) : notFound();
  },
  // Stored whatever allowed_actions is (GitHub's description lists no error for it); it applies only while that is `selected`.
  'PUT /repos/{owner}/{repo}/actions/permissions/selected-actions': (c) => {
    const r = repoOf(c);
    return r ? setSelected(r.selectedActions, c) : notFound();
  },
  'GET /orgs/{org}/actions/permissions': (c) => {
    const a = orgOf(c);
    if (!a) return notFound();
    const { enabled_repositories, allowed_actions, sha_pinning_required } = orgActions(a);
    const p = { enabled_repositories, allowed_actions, ...(sha_pinning_required !== undefined && { sha_pinning_required }) };
    const base = `${c.base}/orgs/${a.login}/actions/permissions`;
    return ok({ ...p, ...(p.enabled_repositories === 'selected' && { selected_repositories_url: `${base}/repositories` }), ...(p.allowed_actions === 'selected' && { selected_actions_url: `${base}/selected-actions` }) });
  },
  'PUT /orgs/{org}/actions/permissions': (c) => {
    const a = orgOf(c);
    if (!a) return notFound();
    const p = orgActions(a);
    const b = c.body as { enabled_repositories: OrgActions['enabled_repositories']; allowed_actions?: OrgActions['allowed_actions']; sha_pinning_required?: boolean };
    p.enabled_repositories = b.enabled_repositories;
    if (b.allowed_actions !== undefined) p.allowed_actions = b.allowed_actions;
    if (b.sha_pinning_required !== undefined) p.sha_pinning_required = b.sha_pinning_required;
    return noContent();
  },
  'GET /orgs/{org}/actions/permissions/workflow': (c) => {
    const a = orgOf(c);
    return a ? ok({ ...orgActions(a).workflow }) : notFound();
  },
  'PUT /orgs/{org}/actions/permissions/workflow': (c) => {
    const a = orgOf(c);
    return a ? setWorkflow(orgActions(a).workflow, c) : notFound();
  },
  'GET /orgs/{org}/actions/permissions/selected-actions': (c) => {
    const a = orgOf(c);
    return a ? ok({ ...orgActions(a).selected, patterns_allowed: [...orgActions(a).selected.patterns_allowed] }) : notFound();
  },
  'PUT /orgs/{org}/actions/permissions/selected-actions': (c) => {
    const a = orgOf(c);
    return a ? setSelected(orgActions(a).selected, c) : notFound();
  },
};
