import { GROUP_KINDS, PROJECT_KINDS, PROJECT_SETTINGS, type Kind } from './change-kinds.js';
import { groupDoc, projectDoc } from './collect.js';
import type { ForgeChange } from '../forge/forge-change.js';
import { ciSettingsChange } from './ci-settings.js';

/** A typed change of a GitLab source's documents (forge/forge-change.ts). */
export interface GitlabChange extends ForgeChange {
  /** `project-deleted`, `project-marked-for-deletion`, `variable-deleted`, `branch-unprotected`, `schedule-deleted`, `settings-changed`… */
  type: string;
  /** A project's or group's full path. */
  scope: string;
}

type J = Record<string, unknown>;
type Docs = Map<string, unknown>;

/**
 * GitLab's bookkeeping (ids, URLs, dates, descriptions of levels) is left out of comparisons; but not
 * who an access level names (`user_id`, `group_id` of a protected branch, tag or environment): one
 * user swapped for another, the count the same, is a change of who may push.
 */
function strip(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(strip);
  // A restore posts text with its mentions made inert (forge/quiet-mentions.ts): the same text.
  if (typeof v === 'string') return v.replaceAll('@\u200b', '@');
  if (!v || typeof v !== 'object') return v;
  const kept = Object.entries(v).filter(([k]) => !/(^|_)(id|url|at|path)$|_description$|^avatar_url$|^web_url$|^state$/.test(k) || k === 'access_level' || k === 'user_id' || k === 'group_id');
  // An access list is a set: GitLab lists an entry an edit added after the others, so order is no change.
  return Object.fromEntries(kept.map(([k, x]) => [k, k.endsWith('_access_levels') && Array.isArray(x) ? x.map(strip).sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1)) : strip(x)]));
}
const same = (a: unknown, b: unknown) => JSON.stringify(strip(a)) === JSON.stringify(strip(b));

const listed = (v: unknown): J[] | undefined => (Array.isArray(v) ? (v as J[]) : undefined);

function compareList(kind: Kind, scope: string, doc: string, before: unknown, after: unknown, out: GitlabChange[]): void {
  const a = listed(before);
  const b = listed(after);
  if (!a || !b) return; // unavailable on a side (or the tier lacks it): nothing can be said
  const am = new Map(a.map((x) => [kind.key(x), x]));
  const bm = new Map(b.map((x) => [kind.key(x), x]));
  for (const [k, x] of am) {
    const y = bm.get(k);
    if (!y) out.push({ type: kind.gone, scope, target: k, path: doc, restorable: kind.restorable, ...(kind.goneNote && { note: kind.goneNote }) });
    else {
      // An access list goes by its name (strip sorts it); another field's own name (external_url) is no bookkeeping.
      const at = (f: string, o: J) => (kind.view?.[f] ? kind.view[f](o[f]) : f.endsWith('_access_levels') ? { [f]: o[f] } : o[f]);
      const fields = kind.fields.filter((f) => !(f === 'state' ? x[f] === y[f] : same(at(f, x), at(f, y))));
      if (fields.length > 0) out.push({ type: `${kind.noun}-changed`, scope, target: k, path: doc, fields, restorable: kind.restorable && !kind.changedNote, ...(kind.changedNote && { note: kind.changedNote }) });
    }
  }
  for (const k of bm.keys()) if (!am.has(k)) out.push({ type: `${kind.noun}-added`, scope, target: k, path: doc, restorable: false });
}

const paths = (d: Docs, file: 'projects.json' | 'groups.json', field: string) => new Set((listed(d.get(file)) ?? []).map((x) => String(x[field])));

/** Every change from `before` to `after`. */
export function gitlabChanges(before: Docs, after: Docs): GitlabChange[] {
  const out: GitlabChange[] = [];
  const groupsA = paths(before, 'groups.json', 'full_path');
  const groupsB = paths(after, 'groups.json', 'full_path');
  for (const g of [...groupsA].sort()) {
    if (!groupsB.has(g)) {
      out.push({ type: 'group-deleted', scope: g, path: groupDoc(g, 'group.json'), restorable: false, note: 'recreate the group (and its parent) by hand, then restore its projects and variables' });
      continue;
    }
    for (const kind of GROUP_KINDS) compareList(kind, g, groupDoc(g, kind.file), before.get(groupDoc(g, kind.file)), after.get(groupDoc(g, kind.file)), out);
  }
  const was = paths(before, 'projects.json', 'path_with_namespace');
  const is = paths(after, 'projects.json', 'path_with_namespace');
  for (const p of [...was].sort()) {
    const doc = (d: Docs, f: string) => d.get(projectDoc(p, f));
    const at = projectDoc(p, 'project.json');
    if (!is.has(p)) {
      out.push({ type: 'project-deleted', scope: p, path: at, restorable: true, note: 'recreated with its git data and context; issue and note authors and dates, trigger and deploy tokens, runners and webhook secrets cannot be restored as they were' });
      continue;
    }
    const ra = doc(before, 'project.json') as J | undefined;
    const rb = doc(after, 'project.json') as J | undefined;
    if (ra && rb && !('unavailable' in ra) && !('unavailable' in rb)) {
      if (!ra.marked_for_deletion_on && rb.marked_for_deletion_on) {
        out.push({ type: 'project-marked-for-deletion', scope: p, path: at, restorable: true, note: `GitLab deletes it for good on ${String(rb.marked_for_deletion_on)}; until then a restore cancels the deletion and keeps everything` });
      }
      if (!ra.archived && rb.archived) out.push({ type: 'project-archived', scope: p, path: at, restorable: true });
      const fields = PROJECT_SETTINGS.filter((f) => !same(ra[f], rb[f]));
      if (fields.length > 0) out.push({ type: 'settings-changed', scope: p, path: at, fields, restorable: true });
      const ci = ciSettingsChange(p, at, ra, rb);
      if (ci) out.push(ci);
    }
    const pa = doc(before, 'push-rule.json') as J | undefined;
    const pb = doc(after, 'push-rule.json') as J | undefined;
    const has = (x: J | undefined) => !!x && !('unavailable' in x) && Object.keys(x).length > 0;
    if (has(pa) && pb && !('unavailable' in pb)) {
      if (!has(pb)) out.push({ type: 'push-rule-deleted', scope: p, path: projectDoc(p, 'push-rule.json'), restorable: true });
      else if (!same(pa, pb)) out.push({ type: 'push-rule-changed', scope: p, path: projectDoc(p, 'push-rule.json'), restorable: true });
    }
    for (const kind of PROJECT_KINDS) compareList(kind, p, projectDoc(p, kind.file), doc(before, kind.file), doc(after, kind.file), out);
  }
  for (const p of [...is].sort()) if (!was.has(p)) out.push({ type: 'project-added', scope: p, path: projectDoc(p, 'project.json'), restorable: false });
  return out;
}
