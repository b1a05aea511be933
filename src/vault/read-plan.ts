import type { BlobLookup } from './blob-index.js';

export interface ReadPlan {
  /** Packs touched. */
  packs: number;
  /** Their ids. */
  packIds: string[];
  /** Bytes read from the store: whole packs where enough of one is needed, ranges otherwise. */
  packBytes: number;
  /** The packs to read whole, in the order first needed, each with how many blob reads it serves. */
  whole: [string, number][];
}

/**
 * What reading these blobs, in this order, costs. A pack is read in one piece when enough of it is
 * needed: a quarter over S3 (a request costs more than bytes), three quarters from a local file (a
 * blob is one pread, and reading a shared pack whole for a few of its blobs costs memory and copies).
 */
export function readPlan(index: BlobLookup, ids: Iterable<string>, rangedReadsCheap: boolean): ReadPlan {
  const needed = new Map<string, { bytes: number; reads: number }>();
  for (const id of ids) {
    const loc = index.get(id);
    if (!loc) continue;
    const n = needed.get(loc.pack) ?? { bytes: 0, reads: 0 };
    needed.set(loc.pack, { bytes: n.bytes + loc.length, reads: n.reads + 1 });
  }
  const share = rangedReadsCheap ? 0.75 : 0.25;
  let packBytes = 0;
  const whole: [string, number][] = [];
  for (const [pack, { bytes, reads }] of needed) {
    const size = index.packs.get(pack)?.size ?? bytes;
    const readWhole = bytes >= size * share;
    if (readWhole) whole.push([pack, reads]);
    packBytes += readWhole ? size : bytes;
  }
  return { packs: needed.size, packIds: [...needed.keys()], packBytes, whole };
}
