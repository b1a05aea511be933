import type { VaultReader } from '../../vault/reader.js';
import { snapshotAnomalies } from '../../ops/inspect/anomalies.js';
import { adoptCounter, SnapshotCounter } from '../../ops/inspect/snapshot-counts.js';
import { countsStore } from '../../ops/inspect/counts-cache.js';
import { contestsOf, latestOf, latestPerSource } from '../../ops/snapshot-ref.js';
import { contestedCopies } from '../../ops/inspect/source-claims.js';
import { browseListing } from '../../ops/browse/browse-rows.js';
import type { FolderRows } from '../../ops/browse/folder-rows.js';
import { previewFile } from '../../ops/browse/preview.js';
import { forgetRefTrees } from '../../ops/browse/ref-tree.js';
import { isBulkheadError } from '../../util/errors.js';
import { unreadNote } from '../../ops/backup/failed-sources.js';
import { resolveSnapshot } from '../../vault/snapshot-list.js';
import type { ConsoleDeps, HandlerGroup } from './deps.js';
import { ListingCache } from './listing-cache.js';
import { warmBrowse } from './browse-warm.js';

export function browseHandlers(deps: ConsoleDeps): HandlerGroup<'snapshots.list' | 'browse.list' | 'browse.preview'> {
  // One counter per vault, kept across re-reads (a refresh opens a new reader): trees are
  // content-addressed, so counts once made stay true; each new snapshot costs only its new trees.
  const counters = new Map<string, { counter: SnapshotCounter; reader: VaultReader }>();
  const counterOf = (vaultId: string, reader: VaultReader): SnapshotCounter => {
    let entry = counters.get(vaultId);
    if (!entry) {
      const made = { reader } as { counter: SnapshotCounter; reader: VaultReader };
      // Through the newest reader, and its tree cache: the trees counted at unlock are those Browse opens next.
      // Counts kept across sessions in the operator's cache as the CLI keeps them (counts-cache.ts): without
      // them every session recounted every snapshot's trees, a pack read and key agreement each.
      made.counter = new SnapshotCounter({ blob: (id) => made.reader.blob(id), decodedTree: (id) => made.reader.tree(id) }, countsStore(reader));
      counters.set(vaultId, (entry = made));
    }
    entry.reader = reader;
    return entry.counter;
  };
  /** An id as given; "latest" by the same rule as the CLI's, from this vault's counts. */
  const idOf = async (vaultId: string, reader: VaultReader, spec: string) => {
    const { snapshots } = await reader.snapshots();
    if (spec !== 'latest') return resolveSnapshot(snapshots, spec).id;
    adoptCounter(reader, counterOf(vaultId, reader));
    return latestOf(snapshots, await snapshotAnomalies(reader), undefined, contestsOf(reader, snapshots)).snap.id;
  };
  // The last folders listed (their decoded entries; rows are made per page), so that paging and
  // filtering a 100,000-entry folder is cheap.
  const listings = new ListingCache<FolderRows>();
  // The latest snapshot's folders, decoded ahead while the console is idle (browse-warm.ts): once
  // per reader and snapshot, stopped once the vault's counter has another reader or none (a lock
  // clears the counters).
  const warmed = new WeakMap<VaultReader, string>();
  const warm = (vaultId: string, reader: VaultReader, snapshotId: string | null) => {
    if (!snapshotId || warmed.get(reader) === snapshotId) return;
    warmed.set(reader, snapshotId);
    const stop = () => counters.get(vaultId)?.reader !== reader;
    void warmBrowse(reader, snapshotId, deps.idle, stop).catch(() => {}); // Browse says what cannot be read when it gets there
  };
  deps.session.onLock(() => (listings.clear(), counters.clear(), forgetRefTrees())); // what the key read goes with it
  return {
    'snapshots.list': async ({ vaultId, refresh, watch }) => {
      const reader = await deps.readers.reader(vaultId, refresh, watch, { index: false });
      const { snapshots, tampered } = await reader.snapshots();
      // once per reader, shared with posture's (the Dashboard asks both at once); kept by snapshotAnomalies
      adoptCounter(reader, counterOf(vaultId, reader));
      const anomalies = await snapshotAnomalies(reader);
      const contests = contestsOf(reader, snapshots);
      let latest: string | null = null;
      try {
        latest = latestOf(snapshots, anomalies, undefined, contests).snap.id;
      } catch (e) {
        if (!isBulkheadError(e, 'NOT_FOUND')) throw e; // none is trusted: the operator picks one
      }
      warm(vaultId, reader, latest);
      const latestFor = new Map<string, string[]>();
      for (const [name, s] of latestPerSource(snapshots, anomalies, contests)) latestFor.set(s.id, [...(latestFor.get(s.id) ?? []), name]);
      return {
        snapshots: snapshots.map((s) => ({
          id: s.id,
          time: s.time,
          storedAt: s.storedAt,
          at: s.at,
          latest: s.id === latest,
          latestFor: (latestFor.get(s.id) ?? []).sort(),
          host: s.manifest.host,
          writer: s.writerLabel,
          tags: s.manifest.tags,
          bytesAdded: s.manifest.stats.bytesAdded,
          sources: s.manifest.sources.map((x) => ({ name: x.name, kind: x.kind, files: x.stats.files, bytes: x.stats.bytes, ...(x.failed && { failed: x.failed.reason }), ...(x.unread && { unread: { count: x.unread.count, note: unreadNote(x.name, x.unread) } }) })),
          warnings: s.warnings,
          // another writer's copy of a source one writer backs up shows as that source's anomaly
          anomalies: [...(anomalies.get(s.id) ?? []), ...contestedCopies(s, contests)],
        })),
        tampered,
      };
    },

    'browse.list': async ({ vaultId, snapshot, path, offset, limit, filter }) => {
      const reader = await deps.readers.reader(vaultId);
      const id = await idOf(vaultId, reader, snapshot);
      const key = `${vaultId}\0${id}\0${path}`;
      const listed = await listings.list(key, () => browseListing(reader, id, path));
      const { total, rows } = listed.page(offset, limit, filter);
      return { snapshot: listed.snap.id, time: listed.snap.time, path, total, offset, entries: rows };
    },

    'browse.preview': async ({ vaultId, snapshot, path }) => {
      const reader = await deps.readers.reader(vaultId);
      return previewFile(reader, await idOf(vaultId, reader, snapshot), path);
    },
  };
}
