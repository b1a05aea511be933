import { addsNone, atLeast, atMost, canonical, ignored, keepsAll, listOf, same, shown, trueLoosens, trueProtects, type Holds, type J } from './ruleset-values.js';

/**
 * A ruleset's rules, parameter by parameter: which way each known parameter protects (GitHub's
 * `repository-rule-*` schemas). A parameter not listed here, or one whose change cannot be shown to
 * tighten, counts as lowering. Rules the snapshot adds only restrict (every rule type does).
 */
const PATTERN: Record<string, Holds> = { name: ignored, negate: same, operator: same, pattern: same };
const PARAMS: Record<string, Record<string, Holds>> = {
  update: { update_allows_fetch_and_merge: trueLoosens },
  required_deployments: { required_deployment_environments: keepsAll },
  pull_request: {
    allowed_merge_methods: addsNone,
    automatic_copilot_code_review_enabled: trueProtects,
    dismiss_stale_reviews_on_push: trueProtects,
    require_code_owner_review: trueProtects,
    require_last_push_approval: trueProtects,
    required_approving_review_count: atLeast,
    required_review_thread_resolution: trueProtects,
    required_reviewers: (n, s) => listOf(n).every((r) => listOf(s).some((x) => reviewerKept(r, x))),
    dismissal_restriction: dismissalKept,
  },
  required_status_checks: {
    do_not_enforce_on_create: trueLoosens,
    strict_required_status_checks_policy: trueProtects,
    // A check tied to an app (integration_id) is kept only by the same check of the same app.
    required_status_checks: (n, s) => listOf(n).every((c) => listOf(s).some((x) => x.context === c.context && (c.integration_id === undefined || c.integration_id === null || x.integration_id === c.integration_id))),
  },
  commit_message_pattern: PATTERN,
  commit_author_email_pattern: PATTERN,
  committer_email_pattern: PATTERN,
  branch_name_pattern: PATTERN,
  tag_name_pattern: PATTERN,
  workflows: { do_not_enforce_on_create: trueLoosens, workflows: keepsAll },
  code_scanning: { code_scanning_tools: (n, s) => listOf(n).every((t) => listOf(s).some((x) => x.tool === t.tool && thresholdKept(t, x))) },
  copilot_code_review: { review_on_push: trueProtects, review_draft_pull_requests: trueProtects },
  file_path_restriction: { restricted_file_paths: keepsAll },
  file_extension_restriction: { restricted_file_extensions: keepsAll },
  max_file_path_length: { max_file_path_length: atMost },
  max_file_size: { max_file_size: atMost },
};

const ALERTS = ['none', 'errors', 'errors_and_warnings', 'all'];
const SECURITY = ['none', 'critical', 'high_or_higher', 'medium_or_higher', 'all'];
const rank = (order: string[], v: unknown) => order.indexOf(String(v));
function thresholdKept(n: J, s: J): boolean {
  const at = (order: string[], k: string) => rank(order, n[k]) >= 0 && rank(order, s[k]) >= rank(order, n[k]);
  return at(ALERTS, 'alerts_threshold') && at(SECURITY, 'security_alerts_threshold') && Object.keys({ ...n, ...s }).every((k) => ['tool', 'alerts_threshold', 'security_alerts_threshold'].includes(k) || same(n[k], s[k]));
}

/** A required reviewer kept: the same reviewer, on at least the same files, with at least as many approvals. */
function reviewerKept(n: J, s: J): boolean {
  const rest = Object.keys({ ...n, ...s }).filter((k) => !['reviewer', 'file_patterns', 'minimum_approvals'].includes(k));
  return same(n.reviewer, s.reviewer) && keepsAll(n.file_patterns, s.file_patterns) && atLeast(n.minimum_approvals, s.minimum_approvals) && rest.every((k) => same(n[k], s[k]));
}

/** Who may dismiss reviews: while live restricts, the snapshot restricts too and lets in no one new. */
function dismissalKept(n: unknown, s: unknown): boolean {
  const [a, b] = [(n ?? {}) as J, (s ?? {}) as J];
  if (a.enabled !== true) return true;
  const live = new Set(listOf(a.allowed_actors).map(canonical));
  return b.enabled === true && listOf(b.allowed_actors).every((x) => live.has(canonical(x)));
}

/** What the snapshot's rules drop or loosen of the live ones, in words. */
export function rulesWeakened(now: unknown, snapshot: unknown): string[] {
  const [live, snap] = [listOf(now), listOf(snapshot)];
  const removed: string[] = [];
  const out: string[] = [];
  for (const rule of live) {
    const type = String(rule.type);
    const candidates = snap.filter((x) => String(x.type) === type);
    if (candidates.length === 0) {
      removed.push(type);
      continue;
    }
    // A type given twice: kept when any one of the snapshot's protects as much.
    const said = candidates.map((x) => ruleLowered(type, rule, x));
    if (said.every((s) => s.length > 0)) out.push(...said[0]!);
  }
  return [...(removed.length > 0 ? [`rules removed: ${[...new Set(removed)].join(', ')}`] : []), ...out];
}

function ruleLowered(type: string, now: J, snap: J): string[] {
  const out: string[] = [];
  for (const k of new Set([...Object.keys(now), ...Object.keys(snap)])) if (k !== 'type' && k !== 'parameters' && !same(now[k], snap[k])) out.push(`rule ${type}: ${k} ${shown(now[k])} → ${shown(snap[k])}`);
  const [n, s] = [(now.parameters ?? {}) as J, (snap.parameters ?? {}) as J];
  const known = PARAMS[type] ?? {};
  for (const k of new Set([...Object.keys(n), ...Object.keys(s)])) {
    const holds = Object.hasOwn(known, k) ? known[k]! : same;
    if (!holds(n[k], s[k])) out.push(`rule ${type}: ${k} ${shown(n[k])} → ${shown(s[k])}`);
  }
  return out;
}
