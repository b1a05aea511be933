import type { VaultReader } from '../../vault/reader.js';
import type { SnapshotInfo } from '../../vault/snapshot-list.js';
import { snapshotFor } from '../snapshot-ref.js';
import { Chunker } from '../../chunker/fastcdc.js';
import { treeChildren } from '../../sources/tree-node.js';
import { liveChildren } from '../../sources/dir/live-node.js';
import { excludeMatcher } from '../../sources/dir/backup-dir.js';
import type { DiffEntry } from '../../sources/diff-node.js';
import { diffChildren, type Change } from './diff-entries.js';
import { diffGit } from './diff-git.js';
import type { GitChange } from '../../sources/git/git-changes.js';
import { redact } from '../../sources/git/git.js';
import { failedNote, holdsNothing } from '../backup/failed-sources.js';
import { diffGithub } from './diff-github.js';
import type { GithubChange } from '../../sources/github/changes.js';
import { diffGitlab } from './diff-gitlab.js';
import { refuseTreeBomb } from '../inspect/tree-bomb.js';
import { isBulkheadError } from '../../util/errors.js';
import type { GitlabChange } from '../../sources/gitlab/changes.js';

function countAs(type: Change['type'] | GitChange['type'] | GithubChange['type'] | GitlabChange['type']): 'added' | 'removed' | 'changed' {
  if (type.endsWith('-added') || type.endsWith('-deleted') || type.endsWith('-removed')) return type.endsWith('-added') ? 'added' : 'removed';
  if (type === 'added' || type === 'ref-created' || type === 'pipeline-added') return 'added';
  if (type === 'removed' || type === 'ref-deleted' || type === 'pipeline-deleted' || type === 'repo-missing') return 'removed';
  return 'changed';
}

export interface SourceDiff {
  name: string;
  kind: string;
  /** missing: a git source's live repository is gone (no refs to compare with); failed: its backup failed on one side. */
  status: 'compared' | 'added' | 'removed' | 'missing' | 'not-comparable' | 'failed';
  note?: string;
  changes: (Change | GitChange | GithubChange | GitlabChange)[];
  counts: { added: number; removed: number; changed: number };
}

export interface DiffResult {
  from: string;
  to: string;
  sources: SourceDiff[];
}

/** Snapshot against snapshot, or (with to = 'live') against the source paths on this machine. */
export async function diffSnapshots(reader: VaultReader, fromSpec: string, to: string | 'live'): Promise<DiffResult> {
  const a = await snapshotFor(reader, fromSpec);
  const b = to === 'live' ? undefined : await snapshotFor(reader, to);
  const names = new Set([...a.manifest.sources.map((s) => s.name), ...(b ? b.manifest.sources.map((s) => s.name) : [])]);
  const sources: SourceDiff[] = [];
  for (const name of [...names].sort()) {
    const sa = a.manifest.sources.find((s) => s.name === name);
    const sb = b ? b.manifest.sources.find((s) => s.name === name) : sa;
    const kind = (sa ?? sb)!.kind;
    const result: SourceDiff = { name, kind, status: 'compared', changes: [], counts: { added: 0, removed: 0, changed: 0 } };
    // A side whose backup failed and holds nothing is not "everything removed": say it failed.
    const failedSide = [sa && holdsNothing(sa) && { s: sa, id: a.id }, sb && b && holdsNothing(sb) && { s: sb, id: b.id }].find(Boolean);
    if (failedSide) {
      result.status = 'failed';
      result.note = failedNote(failedSide.s, failedSide.id);
    } else if (kind === 'git' && sa) {
      if (b && !sb) result.status = 'removed';
      result.changes = b && !sb ? [{ type: 'repo-missing' }] : await diffGit(reader, a, b, name);
      if (!b && result.changes.some((c) => c.type === 'repo-missing')) {
        result.status = 'missing';
        result.note = `the live repository ${redact(sa.locator)} is gone or has no refs`;
      }
    } else if (kind === 'github' && sa) {
      // Typed changes of the account's context (its git data are the git records beside it).
      if (b && !sb) result.status = 'removed';
      result.changes = await diffGithub(reader, a, b, name);
    } else if (kind === 'gitlab' && sa) {
      // Typed changes of the group's context (its git data are the git records beside it).
      if (b && !sb) result.status = 'removed';
      result.changes = await diffGitlab(reader, a, b, name);
    } else if (!b && sa!.kind !== 'dir') {
      result.status = 'not-comparable';
      result.note = `a ${sa!.kind} source has no live state to compare with`;
    } else if (await expandsWithoutEnd(reader, [sa && { tree: sa.root, path: name, snap: a.id }, sb && b && { tree: sb.root, path: name, snap: b.id }], result)) {
      // a forged tree bomb: said in the note, never walked
    } else {
      if (!sa) result.status = 'added';
      if (!sb) result.status = 'removed';
      const before = sa ? await sourceChildren(reader, a, name) : new Map<string, DiffEntry>();
      let after: Map<string, DiffEntry>;
      if (b) after = sb ? await sourceChildren(reader, b, name) : new Map();
      else {
        const live = liveSide(reader, sa!.locator, sa!.excludes ?? []);
        if (!live) result.note = `the live folder ${sa!.locator} does not exist`;
        after = live ?? new Map();
      }
      const changes: Change[] = [];
      await diffChildren(before, after, '', changes);
      result.changes = changes;
    }
    for (const c of result.changes) result.counts[countAs(c.type)]++;
    sources.push(result);
  }
  return { from: a.id, to: b ? b.id : 'live', sources };
}

/** Whether a side's trees expand past any real folder (tree-bomb.ts): the source is then not compared, and the note says why. */
async function expandsWithoutEnd(reader: VaultReader, sides: (false | undefined | { tree: string; path: string; snap: string })[], result: SourceDiff): Promise<boolean> {
  for (const side of sides) {
    if (!side) continue;
    try {
      await refuseTreeBomb(reader, [side], side.snap, 'it was not compared');
    } catch (e) {
      if (!isBulkheadError(e, 'CORRUPT')) throw e;
      result.status = 'not-comparable';
      result.note = e.message;
      return true;
    }
  }
  return false;
}

async function sourceChildren(reader: VaultReader, snap: SnapshotInfo, name: string): Promise<Map<string, DiffEntry>> {
  const s = snap.manifest.sources.find((x) => x.name === name)!;
  return treeChildren(reader, await reader.tree(s.root));
}

function liveSide(reader: VaultReader, path: string, excludes: string[]): Map<string, DiffEntry> | undefined {
  const hasher = {
    chunker: new Chunker(reader.keys.chunkerSeed, reader.config.chunker),
    blobId: (b: Uint8Array) => reader.keys.blobId(b),
    excluded: excludeMatcher(excludes),
  };
  try {
    return liveChildren(Buffer.from(path), hasher);
  } catch {
    return undefined;
  }
}
