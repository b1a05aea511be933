import { conditionsNarrowed } from './ruleset-conditions.js';
import { rulesWeakened } from './ruleset-rules.js';
import { listOf, type J } from './ruleset-values.js';

const ENFORCEMENT = ['disabled', 'evaluate', 'active'];
/** How far a bypass actor gets past the rules: only by pull request, always (audited), exempt (not even audited). */
const BYPASS = ['pull_request', 'always', 'exempt'];

/**
 * What putting a ruleset back as its snapshot records would lower, in words: the restore writes the
 * whole recorded ruleset (`restore-inputs.ts rulesetInput`: target, enforcement, conditions, rules
 * with their parameters, bypass actors with their modes), so each of them is compared, and any
 * difference not shown to tighten is lowering (red team 3: the same rule types over no ref at all).
 * Empty when the snapshot's ruleset protects at least as much as the live one.
 */
export function rulesetLowering(now: J | undefined, snapshot: J | undefined): string[] {
  if (!now || !snapshot) return [];
  const out: string[] = [];
  if (ENFORCEMENT.indexOf(String(snapshot.enforcement)) < ENFORCEMENT.indexOf(String(now.enforcement))) out.push(`enforcement ${String(now.enforcement)} → ${String(snapshot.enforcement)}`);
  // A branch ruleset made a tag ruleset (or a push one) no longer applies to the branches at all.
  const target = (r: J) => String(r.target ?? 'branch');
  if (target(now) !== target(snapshot)) out.push(`target ${target(now)} → ${target(snapshot)} (applies to other refs)`);
  out.push(...conditionsNarrowed(now.conditions, snapshot.conditions));
  out.push(...rulesWeakened(now.rules, snapshot.rules));
  out.push(...bypassWidened(now.bypass_actors, snapshot.bypass_actors));
  return out;
}

/** Bypass actors the snapshot adds, or lets further past the rules (`pull_request` → `always`: the actor key alone ignored the mode). */
function bypassWidened(now: unknown, snapshot: unknown): string[] {
  const key = (a: J) => `${String(a.actor_type)}:${String(a.actor_id)}`;
  // rulesetInput writes a missing mode as `always`.
  const mode = (a: J) => String(a.bypass_mode ?? 'always');
  const theirs = listOf(snapshot);
  // Bypass actors are given only to a token that may write the ruleset: unknown live ones cannot be compared.
  if (!Array.isArray(now)) return theirs.length > 0 ? [`bypass actors ${theirs.map(key).join(', ')} (the live ones are not readable with this token)`] : [];
  const live = new Map(listOf(now).map((a) => [key(a), mode(a)]));
  const added = theirs.filter((a) => !live.has(key(a))).map(key);
  const further = theirs.filter((a) => live.has(key(a)) && !(BYPASS.indexOf(mode(a)) >= 0 && BYPASS.indexOf(mode(a)) <= BYPASS.indexOf(live.get(key(a))!))).map((a) => `${key(a)} ${live.get(key(a))!} → ${mode(a)}`);
  return [...(added.length > 0 ? [`bypass actors added: ${added.join(', ')}`] : []), ...(further.length > 0 ? [`bypass mode ${further.join(', ')}`] : [])];
}
