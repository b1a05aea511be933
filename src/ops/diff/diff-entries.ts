import type { DiffEntry } from '../../sources/diff-node.js';

export type ChangeType = 'added' | 'removed' | 'changed';
export type ChangedField = 'kind' | 'content' | 'mode' | 'mtime' | 'target' | 'owner';

export interface Change {
  type: ChangeType;
  path: string;
  kind: DiffEntry['kind'];
  fields?: ChangedField[];
  before?: { size: number; mtime: string };
  after?: { size: number; mtime: string };
}

const when = (e: DiffEntry) => ({ size: e.size, mtime: new Date(Math.floor(e.mtime / 1000)).toISOString() });

/**
 * A live folder is read with synchronous calls, and its promises resolve at once: a diff of 100,000
 * live files never gave the event loop a turn, and the console's core answered nothing (a status
 * poll, Lock now) until it ended. A turn every YIELD_EVERY entries costs nothing measurable.
 */
const YIELD_EVERY = 1024;
let sinceTurn = 0;

async function turn(): Promise<void> {
  if (++sinceTurn < YIELD_EVERY) return;
  sinceTurn = 0;
  await new Promise<void>((turned) => setImmediate(turned));
}

/** Compares two sides entry by entry; identical snapshot subtrees are skipped without reading. */
export async function diffChildren(a: Map<string, DiffEntry>, b: Map<string, DiffEntry>, prefix: string, out: Change[]): Promise<void> {
  for (const key of union(sorted(a), sorted(b))) {
    await turn();
    const before = a.get(key);
    const after = b.get(key);
    const path = `${prefix}${(before ?? after)!.name}`;
    if (!after) await everything('removed', before!, path, out);
    else if (!before) await everything('added', after, path, out);
    else await diffEntry(before, after, path, out);
  }
}

async function diffEntry(a: DiffEntry, b: DiffEntry, path: string, out: Change[]): Promise<void> {
  if (a.kind !== b.kind) {
    await everything('removed', a, path, out);
    await everything('added', b, path, out);
    return;
  }
  const fields: ChangedField[] = [];
  if (a.kind === 'file' && (a.size !== b.size || (await a.blobs()).join() !== (await b.blobs()).join())) fields.push('content');
  if (a.kind === 'symlink' && a.target !== b.target) fields.push('target');
  if (a.kind !== 'symlink' && a.mode !== b.mode) fields.push('mode');
  if (a.kind !== 'dir' && a.mtime !== b.mtime) fields.push('mtime');
  // Only where both sides know it (a tree from before 0.2 records no owner).
  if (a.uid !== undefined && b.uid !== undefined && (a.uid !== b.uid || a.gid !== b.gid)) fields.push('owner');
  if (fields.length > 0) out.push({ type: 'changed', path, kind: a.kind, fields, before: when(a), after: when(b) });
  if (a.kind === 'dir' && !(a.subtreeId && a.subtreeId === b.subtreeId)) {
    await diffChildren(await a.children(), await b.children(), `${path}/`, out);
  }
}

async function everything(type: 'added' | 'removed', e: DiffEntry, path: string, out: Change[]): Promise<void> {
  out.push({ type, path, kind: e.kind, [type === 'added' ? 'after' : 'before']: when(e) });
  if (e.kind === 'dir') {
    for (const child of (await e.children()).values()) {
      await turn();
      await everything(type, child, `${path}/${child.name}`, out);
    }
  }
}

/** A side's keys in order: a snapshot's come sorted (writers store names in byte order), checked, not sorted again. */
function sorted(m: Map<string, DiffEntry>): string[] {
  const keys = [...m.keys()];
  for (let i = 1; i < keys.length; i++) if (keys[i - 1]! >= keys[i]!) return keys.sort();
  return keys;
}

/** Two sorted key lists merged, each key once (a Set of 200,000 keys, then a sort, cost far more). */
function union(a: string[], b: string[]): string[] {
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i]! < b[j]!) out.push(a[i++]!);
    else if (b[j]! < a[i]!) out.push(b[j++]!);
    else {
      out.push(a[i++]!);
      j++;
    }
  }
  while (i < a.length) out.push(a[i++]!);
  while (j < b.length) out.push(b[j++]!);
  return out;
}
