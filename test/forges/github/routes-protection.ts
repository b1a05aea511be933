import { list, noContent, notFound, ok, repoOf, type Ctx, type Routes } from './http.js';
import { shape } from './shape.js';
import { team, user } from './render.js';
import type { Json } from './state.js';

/** Branch protections (stored as their PUT body) and repository and organisation rulesets. */
type Input = {
  required_status_checks: { strict: boolean; contexts: string[] } | null;
  enforce_admins: boolean | null;
  required_pull_request_reviews: { dismiss_stale_reviews?: boolean; require_code_owner_reviews?: boolean; required_approving_review_count?: number; require_last_push_approval?: boolean } | null;
  restrictions: { users: string[]; teams: string[]; apps?: string[] } | null;
  required_linear_history?: boolean;
  allow_force_pushes?: boolean | null;
  allow_deletions?: boolean;
  required_conversation_resolution?: boolean;
  lock_branch?: boolean;
  block_creations?: boolean;
};

function render(c: Ctx, owner: string, repo: string, branch: string, p: Input, schema: 'branch-protection' | 'protected-branch') {
  const url = `${c.base}/repos/${owner}/${repo}/branches/${branch}/protection`;
  const flag = (v: boolean | null | undefined) => ({ enabled: !!v });
  const reviews = p.required_pull_request_reviews;
  return shape(schema, {
    url,
    ...(schema === 'branch-protection' && { enabled: true, name: branch, protection_url: url }),
    ...(p.required_status_checks && {
      required_status_checks: { url: `${url}/required_status_checks`, contexts_url: `${url}/required_status_checks/contexts`, strict: p.required_status_checks.strict, contexts: p.required_status_checks.contexts, checks: p.required_status_checks.contexts.map((context) => ({ context, app_id: null })) },
    }),
    enforce_admins: { url: `${url}/enforce_admins`, enabled: !!p.enforce_admins },
    ...(reviews && {
      required_pull_request_reviews: {
        url: `${url}/required_pull_request_reviews`,
        dismiss_stale_reviews: !!reviews.dismiss_stale_reviews,
        require_code_owner_reviews: !!reviews.require_code_owner_reviews,
        required_approving_review_count: reviews.required_approving_review_count ?? 1,
        require_last_push_approval: !!reviews.require_last_push_approval,
      },
    }),
    ...(p.restrictions && {
      restrictions: {
        url: `${url}/restrictions`,
        users_url: `${url}/restrictions/users`,
        teams_url: `${url}/restrictions/teams`,
        apps_url: `${url}/restrictions/apps`,
        users: p.restrictions.users.map((u) => user(c, u)),
        teams: p.restrictions.teams.map((t) => team(c, owner, { id: 1, slug: t, name: t, privacy: 'closed' })),
        apps: [],
      },
    }),
    required_signatures: { url: `${url}/required_signatures`, enabled: false },
    required_linear_history: flag(p.required_linear_history),
    allow_force_pushes: flag(p.allow_force_pushes),
    allow_deletions: flag(p.allow_deletions),
    required_conversation_resolution: flag(p.required_conversation_resolution),
    lock_branch: flag(p.lock_branch),
    block_creations: flag(p.block_creations),
  });
}

function ruleset(c: Ctx, r: Json, source: string, sourceType: 'Repository' | 'Organization') {
  return shape('repository-ruleset', {
    target: 'branch',
    bypass_actors: [],
    conditions: null,
    rules: [],
    ...r,
    source,
    source_type: sourceType,
    node_id: `RRS_${String(r.id)}`,
    created_at: c.world.time,
    updated_at: c.world.time,
    _links: { self: { href: `${c.base}/repos/${source}/rulesets/${String(r.id)}` } },
  });
}

const summary = ({ rules: _r, conditions: _c, bypass_actors: _b, ...rest }: Json) => rest;

export const protectionRoutes: Routes = {
  'GET /repos/{owner}/{repo}/branches/{branch}/protection': (c) => {
    const r = repoOf(c);
    const p = r?.protections.get(c.params.branch!);
    if (!r || !p) return { status: 404, body: { message: 'Branch not protected', documentation_url: 'https://docs.github.com/rest' } };
    return ok(render(c, r.owner, r.name, c.params.branch!, p as Input, 'branch-protection'));
  },
  'PUT /repos/{owner}/{repo}/branches/{branch}/protection': (c) => {
    const r = repoOf(c);
    if (!r) return notFound();
    r.protections.set(c.params.branch!, c.body as Json);
    return ok(render(c, r.owner, r.name, c.params.branch!, c.body as Input, 'protected-branch'));
  },
  'DELETE /repos/{owner}/{repo}/branches/{branch}/protection': (c) => {
    const r = repoOf(c);
    if (!r || !r.protections.delete(c.params.branch!)) return notFound();
    return noContent();
  },
  'GET /repos/{owner}/{repo}/rulesets': (c) => {
    const r = repoOf(c);
    return r ? list(r.rulesets.map((x) => summary(ruleset(c, x, `${r.owner}/${r.name}`, 'Repository')))) : notFound();
  },
  'GET /repos/{owner}/{repo}/rulesets/{ruleset_id}': (c) => {
    const r = repoOf(c);
    const x = r?.rulesets.find((s) => String(s.id) === c.params.ruleset_id);
    return r && x ? ok(ruleset(c, x, `${r.owner}/${r.name}`, 'Repository')) : notFound();
  },
  'POST /repos/{owner}/{repo}/rulesets': (c) => {
    const r = repoOf(c);
    if (!r) return notFound();
    const x = { ...(c.body as Json), id: c.world.id() };
    r.rulesets.push(x);
    return ok(ruleset(c, x, `${r.owner}/${r.name}`, 'Repository'), 201);
  },
  'DELETE /repos/{owner}/{repo}/rulesets/{ruleset_id}': (c) => {
    const r = repoOf(c);
    const i = r ? r.rulesets.findIndex((s) => String(s.id) === c.params.ruleset_id) : -1;
    if (!r || i < 0) return notFound();
    r.rulesets.splice(i, 1);
    return noContent();
  },
  'GET /orgs/{org}/rulesets': (c) => {
    const a = c.world.accounts.get(c.params.org!.toLowerCase());
    return a ? list(a.rulesets.map((x) => summary(ruleset(c, x, a.login, 'Organization')))) : notFound();
  },
  'GET /orgs/{org}/rulesets/{ruleset_id}': (c) => {
    const a = c.world.accounts.get(c.params.org!.toLowerCase());
    const x = a?.rulesets.find((s) => String(s.id) === c.params.ruleset_id);
    return a && x ? ok(ruleset(c, x, a.login, 'Organization')) : notFound();
  },
};
