import type { Manifest, SourceRecord } from './snapshot.js';
import type { OpenedSnapshot, SnapshotVerdicts, UnopenedSnapshot } from './snapshot-verdicts.js';

/**
 * The snapshot cache's compact form. As objects, 6,160 hourly snapshots were 6.9 MB of JSON whose
 * parse and the ~200,000 strings it made (a third of them repeats: writer keys, pack ids, the
 * previous snapshot's hash, locators) were most of `snapshots`' garbage collection. Here every
 * string is stored once in a table and named by its place; each snapshot is one array of numbers.
 * Exact: decoding gives back what was encoded (the fields a row does not name travel as they are).
 */
export interface CompactVerdicts {
  strings: string[];
  opened: OpenedRow[];
  unopened: [string, UnopenedSnapshot][];
}

/** [kind, name, locator, root, files, dirs, bytes, the record's other fields or 0]: strings by index. */
type SourceRow = [number, number, number, number, number, number, number, Record<string, unknown> | 0];

/**
 * [key, version, hash, id, time, writer, verifiedWith, manifest: id, time, host, writer, agentVersion,
 * previous (-1: null), tags, bytesRead, bytesAdded, packs, sources]
 */
type OpenedRow = [number, number, number, number, number, number, number, number, number, number, number, number, number, number[], number, number, number[], SourceRow[]];

const NAMED_SOURCE = new Set(['kind', 'name', 'locator', 'root', 'stats']);

export function encodeVerdicts(v: SnapshotVerdicts): CompactVerdicts {
  const strings: string[] = [];
  const places = new Map<string, number>();
  const s = (text: string): number => {
    let i = places.get(text);
    if (i === undefined) places.set(text, (i = strings.push(text) - 1));
    return i;
  };
  const source = (r: SourceRecord): SourceRow => {
    const rest = Object.fromEntries(Object.entries(r).filter(([k]) => !NAMED_SOURCE.has(k)));
    return [s(r.kind), s(r.name), s(r.locator), s(r.root), r.stats.files, r.stats.dirs, r.stats.bytes, Object.keys(rest).length ? rest : 0];
  };
  const opened = [...v.opened].map(([key, o]): OpenedRow => {
    const m = o.manifest;
    return [
      s(key), s(o.version), s(o.hash), s(o.id), s(o.time), s(o.writer), s(o.verifiedWith),
      s(m.id), s(m.time), s(m.host), s(m.writer), s(m.agentVersion), m.previous === null ? -1 : s(m.previous), m.tags.map(s),
      m.stats.bytesRead, m.stats.bytesAdded, m.stats.packs.map(s), m.sources.map(source),
    ];
  });
  return { strings, opened, unopened: [...v.unopened] };
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
    const opened = new Map<string, OpenedSnapshot>();
    // Indexed, not destructured: this runs once per process, before the JIT, where iterating arrays is slow.
    for (const r of c.opened) {
      const sources: SourceRecord[] = [];
      for (const x of r[17]) {
        // The order of a parsed manifest's fields (snapshot.ts's schema), so what is printed from it is as before.
        const src = { kind: s(x[0]), name: s(x[1]), locator: s(x[2]), root: s(x[3]) } as SourceRecord;
        if (x[7]) Object.assign(src, x[7]);
        src.stats = { files: x[4], dirs: x[5], bytes: x[6] };
        sources.push(src);
      }
      const manifest: Manifest = {
        id: s(r[7]),
        time: s(r[8]),
        host: s(r[9]),
        writer: s(r[10]),
        agentVersion: s(r[11]),
        sources,
        previous: r[12] === -1 ? null : s(r[12]),
        tags: r[13].map(s),
        stats: { bytesRead: r[14], bytesAdded: r[15], packs: r[16].map(s) },
      };
      opened.set(s(r[0]), { version: s(r[1]), hash: s(r[2]), id: s(r[3]), time: s(r[4]), writer: s(r[5]), verifiedWith: s(r[6]), manifest });
    }
    return { opened, unopened: new Map(c.unopened) };
  } catch {
    return undefined;
  }
}
