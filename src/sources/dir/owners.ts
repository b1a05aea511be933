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
