import { randomBytes } from 'node:crypto';
import { promises as fsp, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Every restore writes into a hidden staging folder first (0700, beside or inside its target) and
 * moves what it verified into place. A restore killed on the way (kill -9, a power cut) cannot
 * remove its own: it stays, holding restored content, shown by `diff --live` as something the live
 * folder gained. Its name carries the process id, so the next restore into the same place removes
 * what a dead process left and never what a running one (the console and the CLI at once) is writing.
 */
export function makeStaging(dir: string, prefix: string): string {
  removeLeftovers(dir, prefix);
  const staging = join(dir, `${prefix}${process.pid}-${randomBytes(4).toString('hex')}`);
  mkdirSync(staging, { mode: 0o700 });
  return staging;
}

/** Removes `dir/PREFIX<pid>-…` staging folders of processes no longer running, and older unnamed ones (`PREFIX<hex>`). */
export function removeLeftovers(dir: string, prefix: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return; // not there yet: nothing left over
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const pid = /^(\d+)-[0-9a-f]+$/.exec(name.slice(prefix.length))?.[1];
    if (pid !== undefined && running(Number(pid))) continue;
    const path = join(dir, name);
    // Only a folder this user could have made (a file or someone else's folder is not ours to remove).
    const st = statSync(path, { throwIfNoEntry: false });
    if (!st?.isDirectory() || (process.getuid && st.uid !== process.getuid())) continue;
    rmSync(path, { recursive: true, force: true });
  }
}

function running(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // alive, another user's
  }
}

/** Removes a staging folder (after its content was moved into place, or on failure). */
export const removeStaging = (staging: string) => fsp.rm(staging, { recursive: true, force: true }).catch(() => {});
