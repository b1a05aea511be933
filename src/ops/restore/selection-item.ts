import type { Conflict, InPlaceLayout } from './in-place-plan.js';
import type { GitListed } from '../browse/git-listing.js';

/** One file of a ref put back in the working copy: created, replacing (moved aside), beside it, or equal already. */
export interface GitInPlaceOp {
  file: GitListed;
  action: 'create' | 'replace' | 'keep-both' | 'same';
  /** keep-both: the path it is written under instead (relative to the working copy). */
  beside?: string;
}

interface ItemBase {
  source: string;
  destination: string;
  kind: string;
  files: number;
  bytes: number;
  /** Something is already at the destination: the console never replaces anything, so this blocks. */
  exists: boolean;
  /** Why `exists` blocks, when the generic sentence would not say it. */
  existsWhy?: string;
  writes: string[];
  /** Back in place: every live entry this item replaces (each moved aside first). */
  replaced?: string[];
  /** What the plan already knows it cannot write, "PATH: why" (never backed up, unreadable, refused), the first few. */
  leftOut?: string[];
  /**
   * A push into a live repository: each ref whose pipeline files differ from its default branch
   * ("REF RUNS CI: …"), said before the operator consents; the run refuses them unless allowed.
   */
  runsCi?: string[];
}

/**
 * One selected item of a snapshot and where it lands: under the target folder, or for a ref or a
 * pipeline, back in the live repository the snapshot was taken from.
 */
export type SelectionItem =
  | (ItemBase & { type: 'tree'; path: string; restoreInto: string; /** Replace what the snapshot holds in a non-empty folder (the CLI's --overwrite). */ overwrite?: boolean })
  | (ItemBase & { type: 'in-place'; path: string; conflict: Conflict; layout: InPlaceLayout; /** Where liveRoot led at the plan (in-place-roots.ts resolvedNow). */ liveReal?: string })
  | (ItemBase & { type: 'git-repo'; repo: string; refs?: string[]; force?: boolean; allowIncomplete?: boolean })
  | (ItemBase & { type: 'git-path'; repo: string; gitPath: string; at: string; restoreInto: string })
  /** A file or folder at a ref put back where it is in the live working copy (git-in-place-plan.ts). */
  | (ItemBase & { type: 'git-in-place'; repo: string; gitPath: string; at: string; ref: string; conflict: Conflict; liveRoot: string; ops: GitInPlaceOp[]; aside: string; liveReal?: string })
  | (ItemBase & { type: 'git-ref'; repo: string; ref: string; commit: string; remote: string; pushAs?: string })
  | (ItemBase & { type: 'git-pipeline'; repo: string; pipeline: string; branch: string; remote: string });

/** Items that go back into a live repository rather than into the target folder. */
export const isRemoteItem = (i: SelectionItem): i is Extract<SelectionItem, { remote: string }> => i.type === 'git-ref' || i.type === 'git-pipeline';
