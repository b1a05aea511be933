import type { ListedManifest, SourceRecord } from './snapshot.js';
import type { OpenedSnapshot, SnapshotVerdicts, UnopenedSnapshot } from './snapshot-verdicts.js';

/**
 * The snapshot cache's compact form. As objects, 6,160 hourly snapshots were 6.9 MB of JSON whose
 * parse and the ~200,000 strings it made (a third of them repeats: writer keys, the previous
 * snapshot's hash, locators) were most of `snapshots`' garbage collection. Here every string is
 * stored once in a table and named by its place, every source record once in a second table, and
 * each snapshot is one array of numbers whose sources, when they mostly repeat the writer's
 * snapshot before (a writer of 1,000 repositories changes a tenth an hour), are that snapshot's
 * less what changed. Decoding shares records between snapshots as the listing does (its manifest
 * budget interns them): a year of such a writer was 8.76 million records decoded, ~1.4 GB of heap
 * at 2,000 snapshots, where a record held once is ~870,000.
 * Exact: decoding gives back what was encoded (the fields a row does not name travel as they are).
 */
export interface CompactVerdicts {
  strings: string[];
  records: SourceRow[];
  opened: OpenedRow[];
  unopened: [string, UnopenedSnapshot][];
  /** [writer, bytes]: the manifest text each writer was charged for its opened snapshots. */
  charged: [string, number][];
}

/** [kind, name, locator, root, files, dirs, bytes, the record's other fields or 0]: strings by index. */
type SourceRow = [number, number, number, number, number, number, number, Record<string, unknown> | 0];

/** Records by index, or [the earlier row whose sources these repeat, their count, position, record, position, record…]. */
type SourceList = number[] | [number, number, ...number[]][];

/**
 * [key, version, hash, id, time, writer, verifiedWith, manifest: id, time, host, writer, agentVersion,
 * previous (-1: null), tags, bytesRead, bytesAdded, sources]
 */
type OpenedRow = [number, number, number, number, number, number, number, number, number, number, number, number, number, number[], number, number, SourceList];

const NAMED_SOURCE = new Set(['kind', 'name', 'locator', 'root', 'stats']);

export function encodeVerdicts(v: SnapshotVerdicts): CompactVerdicts {
  const strings: string[] = [];
  const places = new Map<string, number>();
  const s = (text: string): number => {
    let i = places.get(text);
    if (i === undefined) places.set(text, (i = strings.push(text) - 1));
    return i;
  };
  const records: SourceRow[] = [];
  const recordPlaces = new Map<SourceRecord, number>();
  const record = (r: SourceRecord): number => {
    let i = recordPlaces.get(r);
    if (i !== undefined) return i;
    const rest = Object.fromEntries(Object.entries(r).filter(([k]) => !NAMED_SOURCE.has(k)));
    recordPlaces.set(r, (i = records.push([s(r.kind), s(r.name), s(r.locator), s(r.root), r.stats.files, r.stats.dirs, r.stats.bytes, Object.keys(rest).length ? rest : 0]) - 1));
    return i;
  };
  // each writer's last row and its record indexes: the base of the next row's sources
  const last = new Map<string, { row: number; ids: number[] }>();
  const opened = [...v.opened].map(([key, o], row): OpenedRow => {
    const m = o.manifest;
    const ids = m.sources.map(record);
    const base = last.get(m.writer);
    last.set(m.writer, { row, ids });
    return [
      s(key), s(o.version), s(o.hash), s(o.id), s(o.time), s(o.writer), s(o.verifiedWith),
      s(m.id), s(m.time), s(m.host), s(m.writer), s(m.agentVersion), m.previous === null ? -1 : s(m.previous), m.tags.map(s),
      m.stats.bytesRead, m.stats.bytesAdded, base ? asChanges(base.row, base.ids, ids) : ids,
    ];
  });
  return { strings, records, opened, unopened: [...v.unopened], charged: [...(v.charged ?? [])] };
}

/** The sources as changes from the row before when fewer than half changed, else whole. */
function asChanges(row: number, before: readonly number[], ids: number[]): SourceList {
  const changes: [number, number, ...number[]] = [row, ids.length];
  for (let i = 0; i < ids.length; i++) if (before[i] !== ids[i]) changes.push(i, ids[i]!);
  return changes.length - 2 < ids.length ? [changes] : ids;
}

/** Undefined when the value is not one encodeVerdicts made (the cache is then rebuilt). */
export function decodeVerdicts(c: CompactVerdicts): SnapshotVerdicts | undefined {
  const { strings } = c;
  const s = (i: number): string => {
    const text = strings[i];
    if (typeof text !== 'string') throw new RangeError('no such string');
    return text;
  };
  try {
    const records = c.records.map((x) => {
      // The order of a parsed manifest's fields (snapshot.ts's schema), so what is printed from it is as before.
      const src = { kind: s(x[0]), name: s(x[1]), locator: s(x[2]), root: s(x[3]) } as SourceRecord;
      if (x[7]) Object.assign(src, x[7]);
      src.stats = { files: x[4], dirs: x[5], bytes: x[6] };
      return src;
    });
    const record = (i: number): SourceRecord => records[i] ?? fail();
    const opened = new Map<string, OpenedSnapshot>();
    const rows: SourceRecord[][] = [];
    // Indexed, not destructured: this runs once per process, before the JIT, where iterating arrays is slow.
    for (const r of c.opened) {
      const sources = sourcesOf(r[16], rows, record);
      rows.push(sources);
      const manifest: ListedManifest = {
        id: s(r[7]),
        time: s(r[8]),
        host: s(r[9]),
        writer: s(r[10]),
        agentVersion: s(r[11]),
        sources,
        previous: r[12] === -1 ? null : s(r[12]),
        tags: r[13].map(s),
        stats: { bytesRead: r[14], bytesAdded: r[15] },
      };
      opened.set(s(r[0]), { version: s(r[1]), hash: s(r[2]), id: s(r[3]), time: s(r[4]), writer: s(r[5]), verifiedWith: s(r[6]), manifest });
    }
    const charged = new Map<string, number>();
    for (const [writer, bytes] of c.charged) {
      if (typeof writer !== 'string' || !Number.isSafeInteger(bytes) || bytes < 0) fail();
      charged.set(writer, bytes);
    }
    return { opened, unopened: new Map(c.unopened), charged };
  } catch {
    return undefined;
  }
}

function sourcesOf(list: SourceList, rows: readonly SourceRecord[][], record: (i: number) => SourceRecord): SourceRecord[] {
  const changes = list[0];
  if (!Array.isArray(changes)) return (list as number[]).map(record);
  const [row, count] = changes;
  const before = rows[row] ?? fail();
  const sources = before.slice(0, count);
  for (let i = 2; i < changes.length; i += 2) {
    const at = changes[i]!;
    if (!(at >= 0 && at < count)) fail();
    sources[at] = record(changes[i + 1]!);
  }
  // a longer list than the row before names each added place as a change: none may be left out
  if (count > before.length) for (let i = before.length; i < count; i++) if (!sources[i]) fail();
  return sources;
}

const fail = (): never => {
  throw new RangeError('not a cache this codec wrote');
};
