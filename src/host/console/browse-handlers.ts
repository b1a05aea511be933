import type { VaultReader } from '../../vault/reader.js';
import type { SnapshotInfo } from '../../vault/snapshot-list.js';
import { findAnomalies, type SnapshotCounts } from '../../ops/anomalies.js';
import { browseRows } from '../../ops/browse-rows.js';
import { previewFile } from '../../ops/preview.js';
import { gitSource } from '../../ops/git-mirror.js';
import { resolveSnapshot } from '../../vault/snapshot-list.js';
import type { ConsoleDeps, HandlerGroup } from './deps.js';

const LISTINGS_KEPT = 8;

export function browseHandlers(deps: ConsoleDeps): HandlerGroup<'snapshots.list' | 'browse.list' | 'browse.preview'> {
  const counted = new Map<string, SnapshotCounts>(); // snapshots never change: count each once
  // The last folders listed, whole, so that paging and filtering a 100,000-entry folder is cheap.
  const listings = new Map<string, Awaited<ReturnType<typeof browseRows>>>();
  deps.session.onLock(() => (listings.clear(), counted.clear())); // what the key read goes with it
  return {
    'snapshots.list': async ({ vaultId, refresh, watch }) => {
      const reader = await deps.readers.reader(vaultId, refresh, watch);
      const { snapshots, tampered } = await reader.snapshots();
      for (const s of snapshots) if (!counted.has(`${vaultId}/${s.id}`)) counted.set(`${vaultId}/${s.id}`, await countsOf(reader, s));
      const anomalies = findAnomalies(snapshots, new Map(snapshots.map((s) => [s.id, counted.get(`${vaultId}/${s.id}`)!])));
      return {
        snapshots: snapshots.map((s) => ({
          id: s.id,
          time: s.time,
          host: s.manifest.host,
          writer: s.writerLabel,
          bytesAdded: s.manifest.stats.bytesAdded,
          sources: s.manifest.sources.map((x) => ({ name: x.name, kind: x.kind, files: x.stats.files, bytes: x.stats.bytes })),
          warnings: s.warnings,
          anomalies: anomalies.get(s.id) ?? [],
        })),
        tampered,
      };
    },

    'browse.list': async ({ vaultId, snapshot, path, offset, limit, filter }) => {
      const reader = await deps.readers.reader(vaultId);
      const { snapshots } = await reader.snapshots();
      const key = `${vaultId}\0${resolveSnapshot(snapshots, snapshot).id}\0${path}`;
      let listed = listings.get(key);
      if (!listed) listed = await browseRows(reader, snapshot, path);
      listings.delete(key);
      listings.set(key, listed); // most recently used last
      if (listings.size > LISTINGS_KEPT) listings.delete(listings.keys().next().value!);
      const needle = filter.toLowerCase();
      const rows = needle ? listed.rows.filter((r) => r.name.toLowerCase().includes(needle)) : listed.rows;
      return { snapshot: listed.snap.id, time: listed.snap.time, path, total: rows.length, offset, entries: rows.slice(offset, offset + limit) };
    },

    'browse.preview': async ({ vaultId, snapshot, path }) => previewFile(await deps.readers.reader(vaultId), snapshot, path),
  };
}

async function countsOf(reader: VaultReader, s: SnapshotInfo): Promise<SnapshotCounts> {
  const perSource = new Map<string, Record<string, number>>();
  for (const src of s.manifest.sources) {
    if (src.kind !== 'git') {
      perSource.set(src.name, { files: src.stats.files });
      continue;
    }
    const repo = await gitSource(reader, s.id, src.name);
    const m = repo?.manifest;
    const pipelines = m?.defaultBranch ? (m.pipelines[m.defaultBranch] ?? []).length : 0;
    perSource.set(src.name, { refs: m ? Object.keys(m.refs).length : 0, pipelines, files: m?.files.length ?? 0 });
  }
  return { sources: s.manifest.sources.length, perSource };
}
