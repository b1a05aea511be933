import type { HostContext } from '../../host/context.js';
import { snapshotAnomalies, snapshotTotals } from '../../ops/inspect/anomalies.js';
import { contestsOf, latestOf, latestPerSource } from '../../ops/snapshot-ref.js';
import { contestedCopies } from '../../ops/inspect/source-claims.js';
import { isBulkheadError } from '../../util/errors.js';
import type { SourceRecord } from '../../vault/snapshot.js';
import { withReader } from '../session.js';
import type { OperatorOptions } from '../operator-options.js';
import { bytes, printJsonList, say, shortTime, table } from '../output.js';

const TAMPERED_SHOWN = 20;

export async function runSnapshots(host: HostContext, opts: OperatorOptions): Promise<void> {
  await withReader(host, opts, async (reader) => {
    const { snapshots, tampered } = await reader.snapshots();
    const anomalies = await snapshotAnomalies(reader);
    // Files and bytes as the reader counted them in the trees, not as the writer claims.
    const totals = await snapshotTotals(reader);
    const contests = contestsOf(reader, snapshots);
    let latest: string | undefined;
    try {
      latest = latestOf(snapshots, anomalies, undefined, contests).snap.id;
    } catch (e) {
      if (!isBulkheadError(e, 'NOT_FOUND')) throw e;
    }
    // Each source's own latest (`latest:NAME`): with a writer per place, not the snapshot marked *.
    const own = [...latestPerSource(snapshots, anomalies, contests)].sort(([a], [b]) => (a < b ? -1 : 1));
    const rows = snapshots.map((s) => ({
      s,
      files: totals.get(s.hash)?.files ?? 0,
      bytes: totals.get(s.hash)?.bytes ?? 0,
      anomalies: anomalies.get(s.id) ?? [],
      // another writer's copy of a source one writer backs up (a hijacked agent's poisoned copy?)
      contested: contestedCopies(s, contests).map((c) => c.message),
    }));
    if (opts.json) {
      // made as written, not all first: each names every source of its snapshot
      const items = (function* () {
        for (const { s, files, bytes: size, anomalies: found, contested } of rows) {
          yield {
            id: s.id,
            time: s.time,
            storedAt: s.storedAt,
            at: s.at,
            latest: s.id === latest,
            writer: { id: s.writerId, label: s.writerLabel },
            host: s.manifest.host,
            tags: s.manifest.tags,
            sources: s.manifest.sources.map(({ name, kind, locator, stats, failed, unread }) => ({ name, kind, locator, stats, ...(failed && { failed }), ...(unread && { unread }) })),
            files,
            bytes: size,
            bytesRead: s.manifest.stats.bytesRead,
            bytesAdded: s.manifest.stats.bytesAdded,
            warnings: s.warnings,
            anomalies: found,
            contested,
          };
        }
      })();
      // an item at a time: one text of a wide writer's year is past V8's longest string (output.ts)
      await printJsonList('snapshots', items, { latest: latest ?? null, latestFor: Object.fromEntries(own.map(([name, snap]) => [name, snap.id])), tampered });
      return;
    }
    const lines = rows.map(({ s, files, bytes: size, anomalies: found, contested }) => [
      s.id === latest ? `${s.id} *` : s.id,
      shortTime(s.at),
      sourcesCell(s.manifest.sources),
      String(files),
      bytes(size),
      bytes(s.manifest.stats.bytesAdded),
      s.writerLabel,
      s.manifest.tags.join(','),
      [...s.warnings, ...found.map((a) => a.message), ...contested].map((m) => `⚠ ${m}`).join('; '),
    ]);
    say(table(['id', 'time', 'sources', 'files', 'size', 'added', 'writer', 'tags', ''], lines));
    if (latest) say('* latest: the newest snapshot with no warnings or anomalies (name another by its id to use it)');
    else if (snapshots.length > 0) say('⚠ no snapshot is free of warnings and anomalies: name one by its id to use it');
    const elsewhere = new Map<string, string[]>();
    for (const [name, snap] of own) if (snap.id !== latest) elsewhere.set(snap.id, [...(elsewhere.get(snap.id) ?? []), name]);
    if (elsewhere.size > 0) {
      const groups = [...elsewhere].map(([id, names]) => `${names.join(', ')} → ${id}`);
      const more = groups.length > 10 ? `; and ${groups.length - 10} more (--json lists each source's)` : '';
      say(`  latest:NAME is each source's own newest good snapshot; for these it is another: ${groups.slice(0, 10).join('; ')}${more}`);
    }
    // A writer can store thousands of junk snapshots: the first few are named, the rest counted.
    for (const t of tampered.slice(0, TAMPERED_SHOWN)) say(`⚠ refused (tampered): ${t}`);
    if (tampered.length > TAMPERED_SHOWN) say(`⚠ and ${tampered.length - TAMPERED_SHOWN} more refused as tampered (--json lists each)`);
    // lazy: the snapshot list and the counts caches answer it; the index only when a tree must be counted
  }, { lazyIndex: true });
}

/** The sources shown in a row: the first few (failed and incomplete ones first), then how many more (--json lists all). */
const SOURCES_SHOWN = 6;
function sourcesCell(sources: readonly SourceRecord[]): string {
  const marked = (x: SourceRecord) => `${x.name}(${x.kind}${x.failed ? ', FAILED' : x.unread ? `, ${x.unread.count} UNREAD` : ''})`;
  if (sources.length <= SOURCES_SHOWN) return sources.map(marked).join(' ');
  const first = [...sources.filter((x) => x.failed || x.unread), ...sources.filter((x) => !x.failed && !x.unread)].slice(0, SOURCES_SHOWN);
  const failed = sources.filter((x) => x.failed).length;
  return `${first.map(marked).join(' ')} … ${sources.length} sources${failed ? `, ${failed} FAILED` : ''}`;
}
