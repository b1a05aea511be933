import { fchmodSync, fchownSync, futimesSync } from 'node:fs';

/**
 * A restored entry's owner (when given: a restore as root), mode and time, set through its open
 * descriptor. The owner first: a chown clears setuid and setgid, so the mode must come after it.
 */
export function setMeta(fd: number, mode: number, mtimeSeconds: number, owner?: { uid: number; gid: number }): void {
  if (owner) fchownSync(fd, owner.uid, owner.gid);
  fchmodSync(fd, mode);
  futimesSync(fd, mtimeSeconds, mtimeSeconds);
}
