import type { Change } from './diff-entries.js';
import type { GitChange } from '../../sources/git/git-changes.js';
import type { GithubChange } from '../../sources/github/changes.js';
import type { GitlabChange } from '../../sources/gitlab/changes.js';

/** A change of any kind of source: files and folders, refs and pipelines, a forge's documents. */
export type SourceChange = Change | GitChange | GithubChange | GitlabChange;

export interface SourceDiff {
  name: string;
  kind: string;
  /** A forge's context: the forge's name ("GitHub"). Its changes go back with a forge restore, not as files. */
  forge?: string;
  /** missing: a git source's live repository is gone (no refs to compare with); failed: its backup failed on one side. */
  status: 'compared' | 'added' | 'removed' | 'missing' | 'not-comparable' | 'failed';
  note?: string;
  changes: SourceChange[];
  counts: { added: number; removed: number; changed: number };
}

export interface DiffResult {
  from: string;
  to: string;
  sources: SourceDiff[];
}

/** How one source compared, as its kind's diff says (kinds/kind-ops.ts); the counts are derived from the changes. */
export type DiffOutcome = Pick<SourceDiff, 'status' | 'note' | 'changes'>;

/** Which of the three totals a change counts in. */
export function countAs(type: SourceChange['type']): 'added' | 'removed' | 'changed' {
  if (type.endsWith('-added') || type.endsWith('-deleted') || type.endsWith('-removed')) return type.endsWith('-added') ? 'added' : 'removed';
  if (type === 'added' || type === 'ref-created' || type === 'pipeline-added') return 'added';
  if (type === 'removed' || type === 'ref-deleted' || type === 'pipeline-deleted' || type === 'repo-missing') return 'removed';
  return 'changed';
}
