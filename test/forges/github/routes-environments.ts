import { list, noContent, notFound, ok, repoOf, type Ctx, type Routes } from './http.js';
import { shape } from './shape.js';
import { team, user } from './render.js';
import type { Environment, Repo } from './state.js';

/** Deployment environments: protection rules (wait timer, reviewers), branch policies. */
function render(c: Ctx, r: Repo, e: Environment) {
  const rules: unknown[] = [];
  if (e.wait_timer > 0) rules.push({ id: e.id * 10 + 1, node_id: `GA_${e.id}1`, type: 'wait_timer', wait_timer: e.wait_timer });
  if (e.reviewers.length > 0) {
    const account = c.world.accounts.get(r.owner.toLowerCase());
    const reviewers = e.reviewers.map((x) => {
      const t = account?.teams.find((t) => t.slug === x.login);
      return { type: x.type, reviewer: x.type === 'Team' && t ? team(c, r.owner, t) : user(c, x.login) };
    });
    rules.push({ id: e.id * 10 + 2, node_id: `GA_${e.id}2`, type: 'required_reviewers', prevent_self_review: e.prevent_self_review, reviewers });
  }
  if (e.deployment_branch_policy) rules.push({ id: e.id * 10 + 3, node_id: `GA_${e.id}3`, type: 'branch_policy' });
  return shape('environment', {
    id: e.id,
    node_id: `EN_${e.id}`,
    name: e.name,
    url: `${c.base}/repos/${r.owner}/${r.name}/environments/${encodeURIComponent(e.name)}`,
    html_url: `${c.base}/${r.owner}/${r.name}/deployments/activity_log?environments_filter=${encodeURIComponent(e.name)}`,
    created_at: c.world.time,
    updated_at: c.world.time,
    protection_rules: rules,
    deployment_branch_policy: e.deployment_branch_policy,
  });
}

/** A reviewer given by id: a team of the organisation or a user the emulator knows. */
function reviewerById(c: Ctx, r: Repo, x: { type?: string; id?: number }): Environment['reviewers'][number] {
  const account = c.world.accounts.get(r.owner.toLowerCase());
  const t = x.type === 'Team' ? account?.teams.find((t) => t.id === x.id) : undefined;
  if (t) return { type: 'Team', login: t.slug };
  const u = [...c.world.accounts.values()].find((a) => a.id === x.id);
  return { type: 'User', login: u?.login ?? `user-${x.id}` };
}

function put(c: Ctx) {
  const r = repoOf(c);
  if (!r) return notFound();
  const b = (c.body ?? {}) as { wait_timer?: number; prevent_self_review?: boolean; reviewers?: { type?: string; id?: number }[] | null; deployment_branch_policy?: Environment['deployment_branch_policy'] };
  let e = r.environments.find((x) => x.name === c.params.environment_name);
  if (!e) {
    e = { id: c.world.id(), name: c.params.environment_name!, wait_timer: 0, reviewers: [], prevent_self_review: false, deployment_branch_policy: null, branch_policies: [] };
    r.environments.push(e);
  }
  if (b.wait_timer !== undefined) e.wait_timer = b.wait_timer;
  if (b.prevent_self_review !== undefined) e.prevent_self_review = b.prevent_self_review;
  if (b.reviewers !== undefined) e.reviewers = (b.reviewers ?? []).map((x) => reviewerById(c, r, x));
  if (b.deployment_branch_policy !== undefined) e.deployment_branch_policy = b.deployment_branch_policy;
  return ok(render(c, r, e));
}

const env = (c: Ctx) => {
  const r = repoOf(c);
  return { r, e: r?.environments.find((x) => x.name === c.params.environment_name) };
};

export const environmentRoutes: Routes = {
  'GET /repos/{owner}/{repo}/environments': (c) => {
    const r = repoOf(c);
    return r ? list(r.environments.map((e) => render(c, r, e)), 'environments') : notFound();
  },
  'GET /repos/{owner}/{repo}/environments/{environment_name}': (c) => {
    const { r, e } = env(c);
    return r && e ? ok(render(c, r, e)) : notFound();
  },
  'PUT /repos/{owner}/{repo}/environments/{environment_name}': put,
  'DELETE /repos/{owner}/{repo}/environments/{environment_name}': (c) => {
    const { r, e } = env(c);
    if (!r || !e) return notFound();
    r.environments.splice(r.environments.indexOf(e), 1);
    return noContent();
  },
  'GET /repos/{owner}/{repo}/environments/{environment_name}/deployment-branch-policies': (c) => {
    const { r, e } = env(c);
    return r && e ? list(e.branch_policies.map((p) => ({ ...p, node_id: `DBP_${p.id}` })), 'branch_policies') : notFound();
  },
  'POST /repos/{owner}/{repo}/environments/{environment_name}/deployment-branch-policies': (c) => {
    const { r, e } = env(c);
    if (!r || !e) return notFound();
    const b = c.body as { name: string; type?: 'branch' | 'tag' };
    const p = { id: c.world.id(), name: b.name, type: b.type ?? 'branch' };
    e.branch_policies.push(p);
    return ok({ ...p, node_id: `DBP_${p.id}` });
  },
};
