import { Chunker } from '../../chunker/fastcdc.js';
import type { VaultReader } from '../../vault/reader.js';
import type { RestorePlan } from './restore-plan.js';

/**
 * The bytes of a plan's files that a restore leaves as holes, not on disk: each piece that is the
 * chunker's cut of a run of zeros (its id is keyed over those zeros, and every blob is checked
 * against its id when read, so the name proves the content). A sparse file of 900 GiB (anyone who
 * can write into a backed-up folder makes one with `truncate`) otherwise made a restore of its
 * folder need 900 GiB free, and refused it on any smaller disk. At most a file's recorded size.
 */
export function holeBytes(reader: VaultReader, plan: Pick<RestorePlan, 'items'>): number {
  const cut = new Chunker(reader.keys.chunkerSeed, reader.config.chunker).zeroCut;
  const zeros = reader.keys.blobId(new Uint8Array(cut));
  let holes = 0;
  for (const { entry } of plan.items) {
    if (entry.kind !== 'file' || !entry.blobs) continue;
    let n = 0;
    for (const id of entry.blobs) if (id === zeros) n += cut;
    holes += Math.min(n, entry.size);
  }
  return holes;
}
