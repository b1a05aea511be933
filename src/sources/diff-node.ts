import type { TreeEntry } from '../vault/tree.js';

/** One side of a diff: a snapshot's tree or a live directory, seen the same way. */
export interface DiffEntry {
  name: string;
  kind: TreeEntry['kind'];
  mode: number;
  mtime: number;
  size: number;
  target?: string;
  /** The owner (numeric), when known: live entries, and snapshot trees from 0.2 on. */
  uid?: number;
  gid?: number;
  /** Known for snapshot trees; lets identical directories be skipped without descending. */
  subtreeId?: string;
  blobs(): Promise<string[]>;
  children(): Promise<Map<string, DiffEntry>>;
}

export const noChildren = async (): Promise<Map<string, DiffEntry>> => new Map();
