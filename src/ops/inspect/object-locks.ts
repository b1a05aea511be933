import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { dirname } from 'node:path';
import type { BlobStore, LockMode, ListedVersion } from '../../storage/blob-store.js';
import { Lanes } from '../../util/lanes.js';

/** An object's lock as the server reported it; `remembered` when it comes from an earlier check. */
export interface ObjectLock {
  key: string;
  lockMode: LockMode;
  retainUntil?: Date;
  remembered?: boolean;
}

const versionKey = (v: ListedVersion) => `${v.key}\0${v.versionId ?? ''}`;

/**
 * What the server said about each object version's COMPLIANCE lock at earlier posture checks. A
 * COMPLIANCE date can only move later, so a remembered date is a lower bound on the real one:
 * posture asks the server again only about objects it has not seen, locks that have run out by
 * the remembered date, and the few it needs to find the true shortest lock. (GOVERNANCE dates can
 * be shortened by a bypass, so they are never remembered.) A file on the operator's machine.
 */
export class LockMemory {
  private constructor(
    private readonly path: string | undefined,
    private readonly dates: Map<string, string>,
  ) {}

  static async load(path?: string): Promise<LockMemory> {
    const raw = path ? await fsp.readFile(path, 'utf8').catch(() => '{}') : '{}';
    let parsed: Record<string, string> = {};
    try {
      parsed = JSON.parse(raw) as Record<string, string>;
    } catch {
      // a damaged memory costs HEAD requests, nothing else
    }
    return new LockMemory(path, new Map(Object.entries(parsed).filter(([, v]) => typeof v === 'string')));
  }

  recall(v: ListedVersion): Date | undefined {
    const at = this.dates.get(versionKey(v));
    return at ? new Date(at) : undefined;
  }

  note(v: ListedVersion, lock: ObjectLock | undefined): void {
    if (lock?.lockMode === 'COMPLIANCE' && lock.retainUntil) this.dates.set(versionKey(v), lock.retainUntil.toISOString());
    else this.dates.delete(versionKey(v));
  }

  /** Through a temporary name unique to this call (as writeSealedJson): two saves in one process never share it. */
  async save(): Promise<void> {
    if (!this.path) return;
    await fsp.mkdir(dirname(this.path), { recursive: true });
    const tmp = `${this.path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    await fsp.writeFile(tmp, JSON.stringify(Object.fromEntries(this.dates)));
    await fsp.rename(tmp, this.path);
  }
}

async function head(store: BlobStore, v: ListedVersion, memory: LockMemory): Promise<ObjectLock | undefined> {
  const info = await store.head(v.key, v.versionId);
  const lock = info && { key: v.key, lockMode: info.lockMode, ...(info.retainUntil && { retainUntil: info.retainUntil }) };
  memory.note(v, lock);
  return lock;
}

/** Every listed object's lock: remembered while its remembered COMPLIANCE date is still ahead, else read. */
export async function readLocks(store: BlobStore, objects: Map<string, ListedVersion>, memory: LockMemory, now: Date): Promise<Map<string, ObjectLock>> {
  const locks = new Map<string, ObjectLock>();
  const lanes = new Lanes(16);
  for (const v of objects.values()) {
    const until = memory.recall(v);
    if (until && until > now) {
      locks.set(v.key, { key: v.key, lockMode: 'COMPLIANCE', retainUntil: until, remembered: true });
      continue;
    }
    await lanes.run(async () => {
      const lock = await head(store, v, memory);
      if (lock) locks.set(v.key, lock);
    });
  }
  await lanes.drain();
  return locks;
}

/**
 * The shortest lock among `needed`, exact: in order of their known dates, remembered ones are read
 * again until the next known date cannot beat the shortest real one found (real ≥ remembered).
 */
export async function shortestLock(store: BlobStore, needed: string[], objects: Map<string, ListedVersion>, locks: Map<string, ObjectLock>, memory: LockMemory): Promise<ObjectLock | undefined> {
  const dated = needed.map((k) => locks.get(k)).filter((l): l is ObjectLock & { retainUntil: Date } => !!l?.retainUntil);
  dated.sort((a, b) => +a.retainUntil - +b.retainUntil);
  let best: (ObjectLock & { retainUntil: Date }) | undefined;
  for (const lock of dated) {
    if (best && lock.retainUntil >= best.retainUntil) break;
    const real = lock.remembered ? await head(store, objects.get(lock.key)!, memory) : lock;
    if (real?.retainUntil && (!best || real.retainUntil < best.retainUntil)) best = { ...real, retainUntil: real.retainUntil };
  }
  return best;
}
