import type { BlobIndex } from './blob-index.js';
import type { PackRecord } from './index-segment.js';

/** Blob records per consolidation segment: ~110 bytes of JSON each, far below the 64 MiB ceiling. */
const BLOBS_PER_SEGMENT = 200_000;

/**
 * The pack records a writer itself vouched for (active, signed by it, in packs the store lists),
 * rebuilt from the merged index, cut into segment-sized groups. A writer republishes them under
 * its own prefix after reading a pre-0.4 vault's flat index once (VaultWriter.consolidate), so it
 * never needs the flat listing again. Always at least one group, possibly empty: the writer's
 * prefix must hold something after that first read. `retainUntil` is a claim in every record
 * (FORMAT.md); here it is the date the server confirmed, when known.
 */
export function ownRecordGroups(index: BlobIndex, writerId: string, retainUntil: (pack: string) => string): PackRecord[][] {
  const byPack = new Map<string, PackRecord>();
  for (const [blob, loc] of index.signedBy(writerId)) {
    if (index.existingPacks && !index.existingPacks.has(loc.pack)) continue;
    let record = byPack.get(loc.pack);
    if (!record) {
      const info = index.packs.get(loc.pack);
      if (!info) continue;
      record = { id: loc.pack, size: info.size, retainUntil: retainUntil(loc.pack), blobs: [], ...(info.recipients && { recipients: [...info.recipients].sort() }) };
      byPack.set(loc.pack, record);
    }
    record.blobs.push([blob, loc.type, loc.offset, loc.length, loc.rawLength]);
  }
  const groups: PackRecord[][] = [[]];
  let blobs = 0;
  for (const record of byPack.values()) {
    if (blobs > 0 && blobs + record.blobs.length > BLOBS_PER_SEGMENT) {
      groups.push([]);
      blobs = 0;
    }
    groups.at(-1)!.push(record);
    blobs += record.blobs.length;
  }
  return groups;
}
