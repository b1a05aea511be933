import type { SourceDiffView as SourceDiff } from '../../../src/api/diff-methods.js';

type Change = SourceDiff['changes'][number];

export interface IncidentGroup {
  key: 'refs-deleted' | 'refs-rewritten' | 'pipelines-removed' | 'files-removed' | 'files-changed';
  title: string;
  /** What "Restore all of this" does with this group. */
  how: string;
  lines: string[];
}

export interface IncidentChanges {
  groups: IncidentGroup[];
  /** The selection "Restore all of this" plans (browse paths; dir sources go back in place). */
  paths: string[];
  /** Sources that could not be compared with live (a command's output has no live side): restored by hand. */
  notes: IncidentNote[];
}

export interface IncidentNote {
  source: string;
  kind: string;
  text: string;
}

/** A content change, not a touch: mtime-only changes are left out of an incident's list. */
const realChange = (c: Change) => c.type === 'changed' && c.kind !== 'dir' && (c.fields ?? []).some((f) => f !== 'mtime');

/**
 * The latest good snapshot ↔ live, across every source, grouped as an incident reads it: refs
 * deleted or rewritten, pipelines removed, files removed and changed; and what to select so one
 * plan brings all of it back.
 */
export function incidentChanges(sources: SourceDiff[]): IncidentChanges {
  const group = (key: IncidentGroup['key'], title: string, how: string): IncidentGroup => ({ key, title, how, lines: [] });
  const deleted = group('refs-deleted', 'Refs deleted', 'pushed back to the live repository as they were');
  const rewritten = group('refs-rewritten', 'Refs rewritten (force-pushed or moved tags)', 'the snapshot commit goes to a new branch for review; the live ref is left as it is');
  const pipelines = group('pipelines-removed', 'Pipelines removed', 'put back on a new branch for review, off the live default branch');
  const removed = group('files-removed', 'Files removed', 'put back where they were');
  const changed = group('files-changed', 'Files changed', 'put back where they were; each current copy is moved aside first, never deleted');
  const paths = new Set<string>();
  const notes: IncidentNote[] = [];
  for (const s of sources) {
    if (s.status !== 'compared') {
      notes.push({ source: s.name, kind: s.kind, text: `${s.name} (${s.kind}): ${s.note ?? s.status}` });
      continue;
    }
    const add = (g: IncidentGroup, line: string, path?: string) => {
      g.lines.push(line);
      if (path) paths.add(path);
    };
    for (const c of s.changes) {
      const refPath = c.ref ? `${s.name}/refs/${c.ref}` : '';
      if (c.type === 'ref-deleted' && c.ref) add(deleted, `${s.name}: ${c.ref}`, refPath);
      else if ((c.type === 'ref-rewritten' || c.type === 'tag-moved') && c.ref) add(rewritten, `${s.name}: ${c.ref}`, refPath);
      else if (c.type === 'pipeline-deleted' && c.path) {
        const onDefault = c.atDefaultBranch || !c.ref;
        const where = onDefault ? '' : ` on ${c.ref?.replace(/^refs\/heads\//, '')} (comes back with its branch)`;
        add(pipelines, `${s.name}: ${c.path}${where}`, onDefault ? `${s.name}/pipelines/${c.path}` : undefined);
      } else if (s.kind === 'dir' && c.type === 'removed' && c.kind !== 'dir' && c.path) add(removed, `${s.name}/${c.path}`, s.name);
      else if (s.kind === 'dir' && realChange(c) && c.path) add(changed, `${s.name}/${c.path}`, s.name);
    }
  }
  return { groups: [deleted, rewritten, pipelines, removed, changed], paths: [...paths], notes };
}
