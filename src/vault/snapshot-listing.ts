import { randomInt } from 'node:crypto';
import type { BlobStore, ListedVersion } from '../storage/blob-store.js';
import { isVaultKey } from './key-grammar.js';
import { listResolved } from './listing.js';
import type { SnapshotVerdicts } from './snapshot-verdicts.js';

/** A local look that stats only some snapshot files still stats every one at least this often. */
export const EVERY_FILE_MS = 24 * 3_600_000;

/** Snapshot files the cache knows that a look stats at random when it does not stat every one: this many, or 1% if more. */
export const SAMPLE = 256;

export interface SnapshotObjects {
  /** key → the first version, oldest first by store time (resolveListing's order). */
  objects: Map<string, ListedVersion>;
  /** Every file was stat'ed (its size and time compared with the cache's); false: see localSnapshotObjects. */
  everyFile: boolean;
}

/**
 * The `snapshots/` objects a listing shows. On S3 the version listing carries each one's id, size and
 * time at no extra cost. A local folder needs a stat per file for them, 6,000-8,760 on a year of
 * hourly backups (#14): see localSnapshotObjects.
 */
export async function snapshotObjects(store: BlobStore, known: SnapshotVerdicts, now: number, sample = SAMPLE): Promise<SnapshotObjects> {
  if (!store.listLazy) return { objects: (await listResolved(store, 'snapshots/')).objects, everyFile: true };
  return localSnapshotObjects(await store.listLazy('snapshots/'), known, now, sample);
}

/**
 * A local folder's snapshot files. Bulkhead writes each once (link(2), no write bit), so a file's size
 * and time change only by the hand of whoever can also delete it (the administrator: a local vault is
 * "not immutable"). A file the cache has no verdict for is stat'ed (its time is its store time), and
 * so are `sample` known ones at random; the other known ones take the size and time the cache
 * recorded for them (their version token), which every file's stat confirmed at the last look that
 * stat'ed every one (`everyAt`: at least daily, and whenever the cache does not open, as it is then
 * empty). A replaced file is seen at the next look that stats it.
 */
export function localSnapshotObjects(listed: readonly ListedVersion[], known: SnapshotVerdicts, now: number, sample = SAMPLE): SnapshotObjects {
  const everyFile = known.everyAt === undefined || now - known.everyAt >= EVERY_FILE_MS || known.everyAt > now;
  const out = listed.filter((v) => isVaultKey(v.key));
  if (!everyFile) {
    const remembered: [number, ListedVersion][] = [];
    out.forEach((v, i) => {
      const token = known.opened.get(v.key)?.version ?? known.unopened.get(v.key)?.version;
      const as = token === undefined ? undefined : fromToken(v.key, token);
      if (as) remembered.push([i, as]);
    });
    // the first `take` after a partial shuffle are stat'ed (left as listed); the rest are as remembered
    const take = Math.min(remembered.length, Math.max(sample, Math.floor(remembered.length / 100)));
    for (let i = 0; i < take; i++) {
      const j = i + randomInt(remembered.length - i);
      [remembered[i], remembered[j]] = [remembered[j]!, remembered[i]!];
    }
    for (let i = take; i < remembered.length; i++) out[remembered[i]![0]] = remembered[i]![1];
  }
  // oldest first by store time, ties in key order (sort is stable): resolveListing's order
  const times = new Map(out.map((v) => [v, v.lastModified.getTime()]));
  out.sort((a, b) => times.get(a)! - times.get(b)!);
  return { objects: new Map(out.map((v) => [v.key, v])), everyFile };
}

/** A local object as a version token (listing.ts's versionToken: no version id, size, time ms) says it was; undefined if it is not one. */
function fromToken(key: string, token: string): ListedVersion | undefined {
  const [id, size, ms] = token.split(':');
  const [n, t] = [Number(size), Number(ms)];
  if (id !== '' || !Number.isSafeInteger(n) || !Number.isFinite(t) || size === '' || ms === '') return undefined;
  return { key, size: n, lastModified: new Date(t), isDeleteMarker: false };
}
