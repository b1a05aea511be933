import type { BlobStore, ListedPage, ListedVersion } from '../storage/blob-store.js';
import { Lanes } from '../util/lanes.js';
import { packKey, type BlobIndex } from './blob-index.js';
import type { ConfirmedLocks } from './confirmed-locks.js';
import { firstVersion } from './listing.js';

/** Folders listed, and then single keys asked, this many at once. */
const AT_ONCE = 8;

/**
 * Sets which packs a writer may dedup into (BlobIndex.existingPacks): every pack its own records
 * name must exist, so that a signed record naming a pack never stored cannot fail its backups. A
 * pack the server confirmed locked past now (this agent's own put or extension, ConfirmedLocks)
 * exists; the others (a lost cache, every run of an agent whose cache is an emptyDir, a record
 * forged with this writer's key) are looked up one by one in the store (firstVersions). Only this
 * writer's packs are ever held: it dedups only against its own records (BlobIndex.dedupWriter).
 * It once listed the whole of `data/` here and kept every key: every agent's packs and whatever
 * junk a hijacked agent put there (undeletable under COMPLIANCE) cost every fresh agent time and
 * memory at every run (red team 5, R5-5: 600,000 empty files, 506 MB, out of memory at 256 MiB).
 */
export async function findExistingPacks(store: BlobStore, index: BlobIndex, writerId: string, locks: ConfirmedLocks, now: Date): Promise<void> {
  const existing = new Map<string, string | undefined>();
  const unconfirmed = new Set<string>();
  for (const [, loc] of index.signedBy(writerId)) {
    if (existing.has(loc.pack) || unconfirmed.has(loc.pack)) continue;
    const known = locks.get(packKey(loc.pack));
    if (known !== undefined && known.until > now) existing.set(loc.pack, known.versionId);
    else unconfirmed.add(loc.pack);
  }
  for (const [id, v] of await firstVersions(store, [...unconfirmed])) existing.set(id, v.versionId);
  index.existingPacks = existing;
}

/**
 * The first version (listing.ts) of each pack the store holds, by id; a pack it does not hold is
 * left out. What it costs follows the ids asked about, never what else lies under `data/`:
 * - a store that lists a page at a time (S3) lists only the folders (`data/xx/`) the ids live in,
 *   keeping only their rows, a few folders at once; a folder whose listing has cost as many
 *   requests as its ids not yet passed would cost one each is left for those (junk planted in it
 *   costs at most that many pages), so a writer never pays more than about twice the cheaper of
 *   listing its folders and asking each key;
 * - any other store (a local folder: one stat) is asked for each key, a few at once.
 */
export async function firstVersions(store: BlobStore, ids: readonly string[]): Promise<Map<string, ListedVersion>> {
  const found = new Map<string, ListedVersion>();
  let single: string[] = [...ids];
  const listPages = store.listPages?.bind(store);
  if (listPages) {
    const byFolder = new Map<string, string[]>();
    for (const id of ids) {
      const key = packKey(id);
      const folder = key.slice(0, key.lastIndexOf('/') + 1);
      const some = byFolder.get(folder);
      if (some) some.push(id);
      else byFolder.set(folder, [id]);
    }
    single = [];
    const lanes = new Lanes(AT_ONCE);
    for (const [folder, some] of byFolder) {
      if (some.length === 1) single.push(some[0]!); // one request either way, and this one reads no junk
      else
        await lanes.run(async () => {
          single.push(...(await listFolder(listPages, folder, some, found)));
        });
    }
    await lanes.drain();
  }
  const lanes = new Lanes(AT_ONCE);
  for (const id of single) {
    await lanes.run(async () => {
      const v = await firstVersion(store, packKey(id));
      if (v) found.set(id, v);
    });
  }
  await lanes.drain();
  return found;
}

/**
 * Lists one folder (or all of `data/`: pack-versions.ts) for these ids, holding only their rows. Before each further page, when the
 * pages read are as many as the ids at or past the listing's last key (`last`'s versions may go on
 * in the next page; every key before it is complete), it stops and returns those ids to be asked
 * one by one.
 */
export async function listFolder(listPages: (prefix: string) => AsyncIterable<ListedPage>, folder: string, ids: string[], found: Map<string, ListedVersion>): Promise<string[]> {
  const byKey = new Map(ids.map((id) => [packKey(id), id]));
  const keys = [...byKey.keys()];
  // Each key's first version so far (resolveListing's rule: the oldest that is no delete marker), not
  // every row: versions piled on one key (red team 6) cost their pages, not memory.
  const first = new Map<string, ListedVersion>();
  let pages = 0;
  let left: string[] = [];
  for await (const { versions, more } of listPages(folder)) {
    pages++;
    let last = '';
    for (const v of versions) {
      if (byKey.has(v.key)) keepFirst(first, v);
      if (v.key > last) last = v.key;
    }
    if (!more) break;
    const ahead = keys.filter((k) => k >= last);
    if (ahead.length <= pages) {
      left = ahead;
      break;
    }
  }
  const unsure = new Set(left);
  for (const [key, v] of first) if (!unsure.has(key)) found.set(byKey.get(key)!, v);
  return left.map((k) => byKey.get(k)!);
}

/** Keeps `v` as its key's first version when it is older than the one kept (resolveListing's rule: the oldest that is no delete marker). */
function keepFirst(first: Map<string, ListedVersion>, v: ListedVersion): void {
  const kept = first.get(v.key);
  if (!v.isDeleteMarker && (!kept || v.lastModified < kept.lastModified)) first.set(v.key, v);
}
