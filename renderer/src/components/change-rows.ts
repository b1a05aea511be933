import type { SourceDiffView as SourceDiff } from '../../../src/api/diff-methods.js';

export type Change = SourceDiff['changes'][number];

/** Each change kind in words, as the operator says it (never the raw token). */
export const LABEL: Record<string, string> = {
  added: 'added',
  removed: 'removed',
  changed: 'changed',
  'ref-deleted': 'ref deleted',
  'ref-created': 'ref created',
  'ref-moved': 'ref moved forward',
  'ref-rewritten': 'ref rewritten (history replaced)',
  'tag-moved': 'tag moved',
  'repo-missing': 'repository gone',
  'default-branch-changed': 'default branch changed',
  'pipeline-deleted': 'pipeline removed',
  'pipeline-added': 'pipeline added',
  'pipeline-changed': 'pipeline changed',
};

/** A change touching only the modification time (a touch, a copy): no content, mode or kind change. */
export const touchOnly = (c: Change) => c.type === 'changed' && (c.fields ?? []).length > 0 && (c.fields ?? []).every((f) => f === 'mtime');

export interface Row {
  change: Change;
  /** A removed or added folder stands for its entries: how many are folded into it. */
  folded: number;
}

/**
 * The rows to show: a removed (or added) folder once, with its entries folded into it, and with
 * contentOnly, no touch-only changes.
 */
export function changeRows(changes: Change[], contentOnly: boolean): Row[] {
  const rows: Row[] = [];
  let folder: { prefix: string; type: string; row: Row } | null = null;
  for (const c of changes) {
    if (folder && c.path?.startsWith(folder.prefix) && c.type === folder.type) {
      folder.row.folded++;
      continue;
    }
    folder = null;
    if (contentOnly && touchOnly(c)) continue;
    const row = { change: c, folded: 0 };
    rows.push(row);
    if (c.kind === 'dir' && c.path && (c.type === 'removed' || c.type === 'added')) folder = { prefix: `${c.path}/`, type: c.type, row };
  }
  return rows;
}
