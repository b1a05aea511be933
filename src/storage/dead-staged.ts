import { createHash, randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { readdirSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';

/** This machine, as staged names carry it: a pid means something only on the host that ran it. */
const HOST = createHash('sha256').update(hostname()).digest('hex').slice(0, 8);
/** A staged pack's name: `pack-<host>-<pid>-<backup>-<random>` (stagedPrefix, then the cutter's suffix). */
const STAGED = /^pack-([0-9a-f]{8})-(\d+)-/;
/** Past this age a staged pack is a leftover whoever made it: building and storing one takes seconds. */
const ABANDONED_MS = 24 * 3600_000;

/** The start of every pack one backup stages in `dir` (BlobStore.stagingDir); close removes its own by it. */
export function stagedPrefix(dir: string, pid = process.pid): string {
  return join(dir, `pack-${HOST}-${pid}-${randomBytes(6).toString('hex')}-`);
}

/**
 * Removes packs staged by processes that are gone (a backup killed before it could clean up):
 * each is up to a pack's size, and a crash-looping agent would otherwise fill the disk with them.
 * A live process's files stay: it may be backing up into this vault now. So do another host's
 * (a vault folder shared over the network) until they are a day old.
 */
export function clearDeadStaged(dir: string): void {
  for (const name of readdirSync(dir)) {
    const staged = STAGED.exec(name);
    if (!staged) continue;
    const path = join(dir, name);
    const gone = staged[1] === HOST ? !alive(Number(staged[2])) : abandoned(path);
    if (!gone) continue;
    try {
      unlinkSync(path);
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

function abandoned(path: string): boolean {
  const st = statSync(path, { throwIfNoEntry: false });
  return !!st && Date.now() - st.mtimeMs > ABANDONED_MS;
}
