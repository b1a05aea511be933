import { noContent, notFound, ok, repoOf, type Ctx, type Routes } from './http.js';
import { shape } from './shape.js';
import { team, user } from './render.js';
import type { Json } from './state.js';

/** Branch protections (stored as their PUT body); rulesets are in routes-rulesets.ts. */
type Who = { users?: string[]; teams?: string[]; apps?: string[] };
type Input = {
  required_status_checks: { strict: boolean; contexts: string[]; checks?: { context: string; app_id?: number }[] } | null;
  enforce_admins: boolean | null;
  required_pull_request_reviews: { dismiss_stale_reviews?: boolean; require_code_owner_reviews?: boolean; required_approving_review_count?: number; require_last_push_approval?: boolean; dismissal_restrictions?: Who; bypass_pull_request_allowances?: Who } | null;
  restrictions: { users: string[]; teams: string[]; apps?: string[] } | null;
  required_linear_history?: boolean;
  allow_force_pushes?: boolean | null;
  allow_deletions?: boolean;
  required_conversation_resolution?: boolean;
  lock_branch?: boolean;
  block_creations?: boolean;
};

/** Users, teams (of the organisation, by slug) and apps (by slug) in GitHub's read shapes. */
function who(c: Ctx, owner: string, w: Who) {
  const teams = c.world.accounts.get(owner.toLowerCase())?.teams ?? [];
  return {
    users: (w.users ?? []).map((u) => user(c, u)),
    teams: (w.teams ?? []).map((t) => team(c, owner, teams.find((x) => x.slug === t) ?? { id: 1, slug: t, name: t, privacy: 'closed' })),
    apps: (w.apps ?? []).map((slug) => shape('integration', { id: 1, slug, name: slug })),
  };
}

/** A required check's app: -1 (any source) and none read back as null, as GitHub says "any". */
const checks = (s: NonNullable<Input['required_status_checks']>) => s.checks?.map((x) => ({ context: x.context, app_id: x.app_id === undefined || x.app_id === -1 ? null : x.app_id })) ?? s.contexts.map((context) => ({ context, app_id: null }));

function render(c: Ctx, owner: string, repo: string, branch: string, p: Input, schema: 'branch-protection' | 'protected-branch') {
  const url = `${c.base}/repos/${owner}/${repo}/branches/${branch}/protection`;
  const flag = (v: boolean | null | undefined) => ({ enabled: !!v });
  const reviews = p.required_pull_request_reviews;
  const dismissal = reviews?.dismissal_restrictions;
  return shape(schema, {
    url,
    ...(schema === 'branch-protection' && { enabled: true, name: branch, protection_url: url }),
    ...(p.required_status_checks && {
      required_status_checks: { url: `${url}/required_status_checks`, contexts_url: `${url}/required_status_checks/contexts`, strict: p.required_status_checks.strict, contexts: p.required_status_checks.checks?.map((x) => x.context) ?? p.required_status_checks.contexts, checks: checks(p.required_status_checks) },
    }),
    enforce_admins: { url: `${url}/enforce_admins`, enabled: !!p.enforce_admins },
    ...(reviews && {
      required_pull_request_reviews: {
        url: `${url}/required_pull_request_reviews`,
        dismiss_stale_reviews: !!reviews.dismiss_stale_reviews,
        require_code_owner_reviews: !!reviews.require_code_owner_reviews,
        required_approving_review_count: reviews.required_approving_review_count ?? 1,
        require_last_push_approval: !!reviews.require_last_push_approval,
        // An empty dismissal_restrictions object lifts them, as on GitHub.
        ...(dismissal && (dismissal.users?.length || dismissal.teams?.length || dismissal.apps?.length) && { dismissal_restrictions: { url: `${url}/dismissal_restrictions`, users_url: `${url}/dismissal_restrictions/users`, teams_url: `${url}/dismissal_restrictions/teams`, ...who(c, owner, dismissal) } }),
        ...(reviews.bypass_pull_request_allowances && { bypass_pull_request_allowances: who(c, owner, reviews.bypass_pull_request_allowances) }),
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
};
