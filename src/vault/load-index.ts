import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import type { BlobStore } from '../storage/blob-store.js';
import { BlobIndex } from './blob-index.js';
import { openSegment } from './index-segment.js';
import { getFirst, listResolved } from './listing.js';
import type { WriterEntry } from './config.js';

/**
 * Merges every index segment, each verified against the config's writers (who vouches for it).
 * Segments are immutable, so a local cache folder keeps their (still encrypted) bytes and later
 * runs fetch only the new ones.
 */
export async function loadIndex(store: BlobStore, indexKey: Buffer, writers: readonly WriterEntry[] = [], cacheDir?: string): Promise<BlobIndex> {
  const byId = new Map(writers.map((w) => [w.id, w]));
  const index = new BlobIndex();
  // A damaged segment only costs dedup (writer) or a pack scan (reader): note it and go on.
  const { objects } = await listResolved(store, 'index/');
  if (cacheDir) await fsp.mkdir(cacheDir, { recursive: true });
  const keys = [...objects.keys()];
  const bytes = await Promise.all(
    keys.map(async (key) => {
      const cached = cacheDir && join(cacheDir, key.slice('index/'.length));
      const hit = cached ? await fsp.readFile(cached).catch(() => undefined) : undefined;
      if (hit) return hit;
      const fetched = await getFirst(store, objects.get(key)!);
      if (cached) await fsp.writeFile(cached, fetched);
      return fetched;
    }),
  );
  for (let i = 0; i < keys.length; i++) {
    try {
      const { segment, source } = await openSegment(bytes[i]!, indexKey, keys[i]!, byId);
      index.add(segment, source);
    } catch {
      index.damagedSegments.push(keys[i]!);
    }
  }
  return index;
}
