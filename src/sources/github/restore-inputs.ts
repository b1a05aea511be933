/**
 * GitHub's write bodies rebuilt from the documents a backup stored (GitHub's read shapes): what
 * can be put back through the REST API, field by field.
 */
import { writtenChecks } from './status-checks.js';

type J = Record<string, unknown>;
/** A flag as protection-strength.ts judges it: only `true` is on (a string "true" is not written as on). */
const on = (v: unknown) => (v as { enabled?: unknown } | undefined)?.enabled === true;
const flag = (v: unknown) => v === true;

function statusChecksInput(s: J): J {
  const checks = writtenChecks(s);
  return { strict: flag(s.strict), contexts: checks.map((c) => c.context), checks };
}

/** Logins, slugs of GET's user, team and app lists, as PUT takes them. */
const who = (v: unknown): { users: string[]; teams: string[]; apps: string[] } => {
  const l = (v ?? {}) as { users?: { login: string }[]; teams?: { slug: string }[]; apps?: { slug: string }[] };
  return { users: (l.users ?? []).map((u) => u.login), teams: (l.teams ?? []).map((t) => t.slug), apps: (l.apps ?? []).map((a) => a.slug) };
};

/**
 * PUT /repos/{owner}/{repo}/branches/{branch}/protection from GET's answer. A PUT replaces the
 * whole protection: who may dismiss reviews, who may bypass them and which app must send each
 * required check are written as recorded, or the restore would drop the live ones unseen (each
 * is compared in protection-strength.ts).
 */
export function protectionInput(p: J): J {
  const checks = p.required_status_checks as J | null | undefined;
  const reviews = p.required_pull_request_reviews as J | undefined;
  return {
    // One form, the one compared (status-checks.ts): `contexts` derived from the `checks` written.
    required_status_checks: checks ? statusChecksInput(checks) : null,
    enforce_admins: on(p.enforce_admins),
    required_pull_request_reviews: reviews
      ? {
          dismiss_stale_reviews: flag(reviews.dismiss_stale_reviews),
          require_code_owner_reviews: flag(reviews.require_code_owner_reviews),
          required_approving_review_count: Number(reviews.required_approving_review_count ?? 1),
          require_last_push_approval: flag(reviews.require_last_push_approval),
          ...(reviews.dismissal_restrictions ? { dismissal_restrictions: who(reviews.dismissal_restrictions) } : {}),
          ...(reviews.bypass_pull_request_allowances ? { bypass_pull_request_allowances: who(reviews.bypass_pull_request_allowances) } : {}),
        }
      : null,
    restrictions: p.restrictions ? who(p.restrictions) : null,
    required_linear_history: on(p.required_linear_history),
    allow_force_pushes: on(p.allow_force_pushes),
    allow_deletions: on(p.allow_deletions),
    required_conversation_resolution: on(p.required_conversation_resolution),
    lock_branch: on(p.lock_branch),
    block_creations: on(p.block_creations),
  };
}

/**
 * PUT /repos/{owner}/{repo}/environments/{name} from the environment's document, its reviewers as
 * resolved against GitHub now (environment-reviewers.ts `reviewerIds`), never the recorded ids.
 */
export function environmentInput(e: J, reviewers: { type: string; id: number }[]): J {
  const rules = (e.protection_rules as J[] | undefined) ?? [];
  const timer = rules.find((r) => r.type === 'wait_timer');
  const required = rules.find((r) => r.type === 'required_reviewers');
  return {
    wait_timer: Number(timer?.wait_timer ?? 0),
    prevent_self_review: !!required?.prevent_self_review,
    reviewers,
    deployment_branch_policy: (e.deployment_branch_policy as J | null | undefined) ?? null,
  };
}

/** POST /orgs/{org}/repos from the repository's document (what creation accepts). */
export function repositoryInput(r: J): J {
  const keys = ['description', 'homepage', 'private', 'has_issues', 'has_projects', 'has_wiki', 'allow_squash_merge', 'allow_merge_commit', 'allow_rebase_merge', 'allow_auto_merge', 'delete_branch_on_merge'];
  return { name: r.name, ...Object.fromEntries(keys.filter((k) => r[k] !== undefined && r[k] !== null).map((k) => [k, r[k]])) };
}

export const webhookInput = (h: J): J => {
  const config = { ...(h.config as J) };
  delete config.has_secret;
  delete config.secret;
  return { name: 'web', active: h.active, events: h.events, config };
};

/** POST/PUT …/rulesets from GET's answer: what a ruleset is made of, without GitHub's bookkeeping (id, source, links, dates). */
export function rulesetInput(r: J): J {
  return {
    name: r.name,
    target: r.target ?? 'branch',
    enforcement: r.enforcement,
    ...(r.conditions ? { conditions: r.conditions } : {}),
    rules: r.rules ?? [],
    bypass_actors: ((r.bypass_actors as J[] | undefined) ?? []).map((a) => ({ actor_id: a.actor_id ?? null, actor_type: a.actor_type, bypass_mode: a.bypass_mode ?? 'always' })),
  };
}
