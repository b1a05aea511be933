import type { ForgeChange } from './forge-change.js';

type J = Record<string, unknown>;
type Docs = Map<string, unknown>;

const listOf = (v: unknown): J[] => (Array.isArray(v) ? (v as J[]) : []);
/** A value the writer chose, shown short: enough to recognise an address it points somewhere else. */
const short = (v: unknown) => {
  const s = String(v ?? '');
  return JSON.stringify(s.length > 120 ? `${s.slice(0, 120)}…` : s);
};

/**
 * What putting a change back would change in what CI runs or where it sends things, in words: a
 * snapshot's documents are their writer's word, and a variable's value (`DEPLOY_HOST`,
 * `INSTALL_SCRIPT_URL`) is read by workflows that run with the repository's secrets; a GitLab
 * pipeline schedule runs a ref's pipeline, with the variables it lists, on its own. Held back like a
 * grant (ops/restore/forge-restore.ts) until named exactly. A recreated repository's or project's
 * variables feed only the pipelines pushed with it, which need their own consent.
 */
export function githubSteering(c: ForgeChange, snap: Docs, live: Docs): string[] {
  if (c.type !== 'variable-deleted' && c.type !== 'variable-changed') return [];
  const find = (d: Docs) => listOf(d.get(c.path)).find((x) => String(x.name) === c.target);
  const [was, now] = [find(snap), find(live)];
  const where = c.scope.includes('/') ? c.scope : `organisation ${c.scope} (every repository it is visible to)`;
  return [`Actions variable ${c.target ?? ''} of ${where} ${now ? `${short(now.value)} → ` : 'set to '}${short(was?.value)}, which its workflows read`];
}

/** GitLab's: a CI/CD variable's value (not shown: GitLab keeps secrets in them), a pipeline schedule that runs a ref's pipeline. */
export function gitlabSteering(c: ForgeChange, snap: Docs): string[] {
  const find = (key: (x: J) => string) => listOf(snap.get(c.path)).find((x) => key(x) === c.target);
  if (c.type === 'variable-deleted' || (c.type === 'variable-changed' && c.fields?.some((f) => f === 'value' || f === 'variable_type'))) {
    return [`CI/CD variable ${c.target ?? ''} of ${c.scope} set to the value its snapshot records, which its pipelines read`];
  }
  if (c.type === 'schedule-deleted' || c.type === 'schedule-changed') {
    const s = find((x) => String(x.description));
    const vars = listOf(s?.variables).map((v) => String(v.key));
    return [`a pipeline schedule of ${c.scope} that runs ${String(s?.ref)}'s pipeline on "${String(s?.cron)}"${vars.length > 0 ? ` with variables ${vars.join(', ')}` : ''}${s?.active === false ? ' (inactive)' : ''}`];
  }
  return [];
}
