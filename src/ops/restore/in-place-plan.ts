import { lstatSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { VaultReader } from '../../vault/reader.js';
import type { SnapshotInfo } from '../../vault/snapshot-list.js';
import { locate } from '../../vault/browse.js';
import type { TreeEntry } from '../../vault/tree.js';
import type { PlanItem } from '../../sources/dir/materialize.js';
import { BulkheadError } from '../../util/errors.js';
import { planRestore } from './restore-plan.js';
import { kindOps } from '../kinds/registry.js';
import { liveHasher, sameContent } from '../diff/live-compare.js';
import { LiveHasher } from '../../sources/dir/live-hash.js';
import { asideName, ownNamed, ownNamedWhy } from './aside-folder.js';

/** What happens to something already at a file's original location: a copy beside it, or it is moved aside. */
export type Conflict = 'keep-both' | 'replace';

/**
 * One entry of an in-place restore: create (nothing there), replace (the live one moves aside
 * first), keep-both (written beside it under another name), same (equal already: left as it is),
 * keep-dir (the folder is there: entries go into it).
 */
export interface InPlaceOp {
  item: PlanItem;
  action: 'create' | 'replace' | 'keep-both' | 'same' | 'keep-dir';
  /** Where it lands, relative to the source's live folder (exact bytes), and shown. */
  rel: Buffer;
  shown: string;
  /** keep-both: the name it lands under, beside the live one (relative, exact bytes). */
  beside?: Buffer;
}

export interface InPlaceLayout {
  /** The source's live folder, as the snapshot recorded it. */
  liveRoot: string;
  /** Folders from the live root down to where the selection's entries go, each made when missing. */
  folders: { rel: string; entry: TreeEntry; exists: boolean }[];
  /** Relative to liveRoot: where the selection's entries go (its folder, or a file's parent). */
  base: string;
  ops: InPlaceOp[];
  /** Where each replaced entry is moved to, keeping its relative path (under liveRoot): named at random, made by the run. */
  aside: string;
  /** Entries named like Bulkhead's own aside or staging folders (shown paths): not restored, and all below them. */
  refused: string[];
  blocked: string[];
}

const kindOf = (path: string) => {
  const st = lstatSync(path, { throwIfNoEntry: false });
  if (!st) return undefined;
  return st.isDirectory() ? 'dir' : st.isSymbolicLink() ? 'symlink' : 'file';
};

/**
 * Plans putting a selection of a dir source back where the snapshot found it: the source's live
 * folder, relative paths kept. Nothing is written through a symlink; a folder on the way that is
 * not a real folder blocks. Entries equal to the snapshot are left alone; the others are created,
 * or (conflict) replaced with the live one moved aside, or written beside it.
 */
export async function planInPlace(reader: VaultReader, snap: SnapshotInfo, path: string, conflict: Conflict, now: Date): Promise<InPlaceLayout> {
  const stamp = snap.id.slice(0, 8);
  const [name, ...inside] = path.split('/');
  const source = snap.manifest.sources.find((s) => s.name === name);
  if (!source) throw new BulkheadError('NOT_FOUND', `snapshot ${snap.id} has no source ${name}`);
  const why = kindOps(source.kind).notInPlace;
  if (why) throw new BulkheadError('USAGE', `${name} is a ${source.kind} source: ${why}. Restore it into a folder instead`);
  if (!isAbsolute(source.locator)) throw new BulkheadError('USAGE', `${name} was backed up from "${source.locator}", not an absolute path: restore it into a folder instead`);
  const liveRoot = source.locator.replace(/\/+$/, '') || '/';
  const plan = await planRestore(reader, snap, path);
  const isDirSelection = !!plan.rootEntry || inside.length === 0;
  const baseParts = isDirSelection ? inside : inside.slice(0, -1);
  const blocked: string[] = [];
  const folders: InPlaceLayout['folders'] = [];
  for (let i = 0; i <= baseParts.length; i++) {
    const rel = baseParts.slice(0, i).join('/');
    const at = await locate(reader, snap.manifest, [name, ...baseParts.slice(0, i)].join('/'));
    const kind = kindOf(join(liveRoot, rel));
    if (kind && kind !== 'dir') blocked.push(`${join(liveRoot, rel)} is a ${kind} on this machine, where the snapshot has a folder; the console never writes through it: move it away or restore into a folder`);
    folders.push({ rel, entry: at.entry!, exists: kind === 'dir' });
  }
  const base = baseParts.join('/');
  const baseOwn = ownNamed(base);
  if (baseOwn) blocked.push(ownNamedWhy(join(liveRoot, baseOwn)));
  const hasher = new LiveHasher(liveHasher(reader));
  const ops: InPlaceOp[] = [];
  const taken = new Set<string>();
  // Below a folder this restore makes (missing, or replacing a non-folder) everything is new: the
  // live path is never looked at through what is there now (it could be a symlink).
  const fresh = new Set<string>();
  const allFresh = blocked.length > 0 || folders.some((f) => !f.exists);
  const refused = new Set<string>();
  for (const item of plan.items) {
    const rel = base ? Buffer.concat([Buffer.from(`${base}/`), item.raw]) : item.raw;
    const shown = base ? `${base}/${item.display}` : item.display;
    // A writer could name an entry like the aside folder and plant a symlink in it: never restored.
    const own = ownNamed(rel);
    if (own) {
      refused.add(own);
      continue;
    }
    const live = Buffer.concat([Buffer.from(`${liveRoot}/`), rel]);
    const slash = item.raw.lastIndexOf(0x2f);
    const underFresh = allFresh || (slash > 0 && fresh.has(item.raw.subarray(0, slash).toString('hex')));
    const st = underFresh ? undefined : lstatSync(live, { throwIfNoEntry: false });
    const op: InPlaceOp = { item, rel, shown, action: 'create' };
    if (item.entry.kind === 'dir' && !(st?.isDirectory() ?? false)) fresh.add(item.raw.toString('hex'));
    if (!st) ops.push(op);
    else if (item.entry.kind === 'dir' && st.isDirectory()) ops.push({ ...op, action: 'keep-dir' });
    else if (await sameContent(live, item.entry, hasher)) ops.push({ ...op, action: 'same' });
    else if (conflict === 'replace') ops.push({ ...op, action: 'replace' });
    else if (item.entry.kind === 'dir') blocked.push(`${liveRoot}/${shown} is not a folder on this machine, where the snapshot has one: choose "replace" (it is moved aside) or restore into a folder`);
    else ops.push({ ...op, action: 'keep-both', beside: besideName(liveRoot, rel, stamp, taken) });
  }
  return { liveRoot, folders, base, ops, aside: asideName(now), refused: [...refused], blocked };
}

/** NAME.restored-STAMP (then -2, -3…): a name free now, and not picked twice in one plan. */
function besideName(liveRoot: string, rel: Buffer, stamp: string, taken: Set<string>): Buffer {
  for (let n = 1; ; n++) {
    const candidate = Buffer.concat([rel, Buffer.from(`.restored-${stamp}${n > 1 ? `-${n}` : ''}`)]);
    const key = candidate.toString('hex');
    if (taken.has(key) || lstatSync(Buffer.concat([Buffer.from(`${liveRoot}/`), candidate]), { throwIfNoEntry: false })) continue;
    taken.add(key);
    return candidate;
  }
}
