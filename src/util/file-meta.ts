import { fchmodSync, fchownSync, futimesSync, readFileSync } from 'node:fs';

/**
 * A restored entry's owner (when given: a restore as root), mode and time, set through its open
 * descriptor. The owner first: a chown clears setuid and setgid, so the mode must come after it.
 * `modeSet`: the file was created with this mode already (modeAtCreate), so no chmod.
 */
export function setMeta(fd: number, mode: number, mtimeSeconds: number, owner?: { uid: number; gid: number }, modeSet = false): void {
  if (owner) fchownSync(fd, owner.uid, owner.gid);
  if (!modeSet) fchmodSync(fd, mode);
  futimesSync(fd, mtimeSeconds, mtimeSeconds);
}

/**
 * This process's umask, read where reading does not change it (/proc/self/status, Linux 4.7 on):
 * process.umask() without an argument sets it to 0 for a moment, a race with any thread creating
 * files. undefined when it cannot be read.
 */
function readUmask(): number | undefined {
  try {
    const m = /^Umask:\s*([0-7]+)$/m.exec(readFileSync('/proc/self/status', 'latin1'));
    return m ? parseInt(m[1]!, 8) : undefined;
  } catch {
    return undefined;
  }
}

let umask: number | undefined | null = null;

/**
 * Whether a new file created with `mode` gets exactly that mode, so a restore need not chmod it
 * (one system call fewer per file: ~48k on the bench corpus). Only plain permission bits that the
 * umask leaves alone: setuid, setgid and sticky are always set by chmod, after any chown.
 */
export function modeAtCreate(mode: number): boolean {
  if (umask === null) umask = readUmask();
  return umask !== undefined && (mode & ~0o777) === 0 && (mode & umask) === 0;
}
