import type { GitlabChange } from './changes.js';
import { projectDoc } from './collect.js';
import type { WriteCount } from '../github/write-count.js';

type J = Record<string, unknown>;
type Docs = Map<string, unknown>;

const list = (v: unknown): J[] => (Array.isArray(v) ? (v as J[]) : []);
const CONTEXT = ['protected-branches.json', 'protected-tags.json', 'approval-rules.json', 'variables.json', 'environments.json', 'protected-environments.json', 'deploy-keys.json', 'hooks.json', 'members.json', 'labels.json', 'milestones.json', 'releases.json'];

/**
 * How many write calls putting one change back makes, from the snapshot's documents as the step
 * reads them (restore-actions.ts, restore-project.ts): a recreated project's issues and notes, its
 * context and schedules' variables are counted before it is planned. An upper bound.
 */
export function gitlabWrites(c: GitlabChange, docs: Docs): WriteCount {
  // A changed schedule: its edit, then each saved variable, and as many live extras removed (more are not known here).
  if (c.type === 'schedule-changed') return { writes: 1 + 2 * list(list(docs.get(c.path)).find((x) => String(x.description) === c.target)?.variables).length, content: 0 };
  if (c.type === 'protected-branch-changed') return { writes: 3, content: 0 }; // PATCH; where GitLab Free ignores it, unprotect and protect
  if (c.type !== 'project-deleted') return { writes: 2, content: 0 }; // one call, or an edit and a create
  const of = (f: string) => list(docs.get(projectDoc(c.scope, f)));
  const issues = of('issues.json');
  const notes = issues.reduce((n, i) => n + list(i.notes).length, 0);
  const schedules = of('pipeline-schedules.json').reduce((n, s) => n + 1 + list(s.variables).length, 0);
  const context = CONTEXT.reduce((n, f) => n + of(f).length, 0);
  return { writes: 5 + context + schedules + issues.length * 2 + notes, content: issues.length + notes + of('releases.json').length };
}
