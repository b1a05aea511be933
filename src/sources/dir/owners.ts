import type { TreeEntry } from '../../vault/tree.js';

/**
 * Whether a restore gives entries their recorded owners: only root may give a file to another user
 * (as tar and restic do). Anyone else gets files they own, and the read-back does not ask for owners.
 * Read once: ownerOf runs for every entry a restore writes, verifies or compares in place.
 */
const RESTORES_OWNERS = process.geteuid?.() === 0;

/** The recorded owner to give back, when this restore gives owners and the entry has one (0.2 on). */
export function ownerOf(e: TreeEntry): { uid: number; gid: number } | undefined {
  return RESTORES_OWNERS && e.uid !== undefined && e.gid !== undefined ? { uid: e.uid, gid: e.gid } : undefined;
}

/** The owner every file a restore creates under a folder it made gets without a chown (its uid and gid). */
export type BornOwner = { uid: number; gid: number } | undefined;

/**
 * Who files created under `root` (a folder this restore made, and its subfolders, made by it too)
 * belong to before any chown: this process's euid, and its egid when root's group is that (then a
 * setgid folder, a grpid mount and the plain rule all give it) and root is its own (not a file
 * system that gives every file one owner). Otherwise unknown: chown each file. The read-back checks
 * owners whatever this says.
 */
export function bornOwner(root: { uid: number; gid: number }): BornOwner {
  const [uid, gid] = [process.geteuid?.(), process.getegid?.()];
  return uid !== undefined && gid !== undefined && root.uid === uid && root.gid === gid ? { uid, gid } : undefined;
}

/** The recorded owner to give back (ownerOf) unless the file is born with it: no chown that changes nothing. */
export function ownerToSet(e: TreeEntry, born: BornOwner): { uid: number; gid: number } | undefined {
  const owner = ownerOf(e);
  return owner && born && owner.uid === born.uid && owner.gid === born.gid ? undefined : owner;
}
