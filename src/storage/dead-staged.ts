import { readdirSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';

/** A staged pack's name (PackLanes): `pack-<pid>-<backup>-<random>`. */
const STAGED = /^pack-(\d+)-/;

/**
 * Removes packs staged by processes that are gone (a backup killed before it could clean up):
 * each is at most a pack's size, but a crash-looping agent would otherwise fill the disk with them.
 * A live process's files are left alone: it may be backing up into this vault right now.
 */
export function clearDeadStaged(dir: string): void {
  for (const name of readdirSync(dir)) {
    const pid = STAGED.exec(name)?.[1];
    if (pid === undefined || alive(Number(pid))) continue;
    try {
      unlinkSync(join(dir, name));
    } catch {
      // another process cleared it first
    }
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists and belongs to someone else
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
