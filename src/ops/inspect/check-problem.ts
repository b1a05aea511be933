/** One finding of `check` (check.ts), shared with the parts of it in their own files. */
export interface CheckProblem {
  kind: 'config-tampered' | 'snapshot-tampered' | 'snapshot-warning' | 'index-damaged' | 'blob-missing' | 'pack-damaged' | 'tree-unreadable' | 'index-location-bad' | 'entry-refused';
  message: string;
  pack?: string;
  /** index-location-bad: the index segment that claims the bad locations, and the writer it names. */
  segment?: string;
  writer?: string;
  /** Files (snapshot id:path) whose data is affected; for a git manifest or part, each snapshot id:source that needs it. */
  files?: string[];
}
