import { describe, expect, it } from 'vitest';
import { decodeVerdicts, encodeVerdicts, type CompactVerdicts } from './snapshot-cache-codec.js';
import type { OpenedSnapshot, SnapshotVerdicts } from './snapshot-cache.js';
import type { ListedManifest, SourceRecord } from './snapshot.js';

const hex = (c: string) => c.repeat(64);
const manifest = (id: string, previous: string | null, sources: SourceRecord[]): ListedManifest => ({
  id,
  time: '2026-04-04T17:33:58.256Z',
  host: 'vm',
  writer: 'W1',
  agentVersion: '0.1.0',
  sources,
  previous,
  tags: ['nightly', 'ünïcode \u202e'],
  stats: { bytesRead: 185, bytesAdded: 1852 },
});
const opened = (id: string, m: ListedManifest): OpenedSnapshot => ({ version: `:1556:${id.length}`, hash: hex(id[0]!), id, time: m.time, writer: 'W1', verifiedWith: 'LqwjTrwTbVWMjQvOgjDU4E83+6KMMPRMvrhHPbO9lQk=', manifest: m });

function verdicts(): SnapshotVerdicts {
  const plain = manifest('1a', null, [{ kind: 'dir', name: 'cfg', locator: '/etc', root: hex('c'), mode: 493, mtime: 1796063638330366, uid: 0, gid: 0, stats: { files: 2, dirs: 2, bytes: 242 } }]);
  // every optional field a source record may carry, and a second source
  const full = manifest('2b', hex('1'), [
    { kind: 'git', name: 'api', locator: 'https://x/api.git', root: hex('d'), manifest: hex('e'), failed: { reason: 'LFS down' }, stats: { files: 0, dirs: 1, bytes: 0 } },
    { kind: 'dir', name: 'home', locator: '/home', root: hex('c'), excludes: ['*.tmp'], unread: { count: 3, first: [{ path: 'a\nb', reason: 'EACCES' }] }, stats: { files: 9, dirs: 3, bytes: 1 } },
    { kind: 'stream', name: 'db', locator: 'pg_dump "x"', root: hex('f'), stats: { files: 1, dirs: 1, bytes: 5 } },
  ]);
  return {
    opened: new Map([
      ['snapshots/20260404T173358Z-1a', opened('1a', plain)],
      ['snapshots/20260404T183358Z-2b', opened('2b', full)],
    ]),
    unopened: new Map([['snapshots/junk', { version: ':3:4', writers: hex('9'), refused: 'not a valid snapshot object' }]]),
    charged: new Map([['W1', 2718]]),
  };
}

describe('the snapshot cache’s compact form', () => {
  it('gives back exactly what was encoded, fields in the same order, through JSON', () => {
    const v = verdicts();
    const back = decodeVerdicts(JSON.parse(JSON.stringify(encodeVerdicts(v))) as CompactVerdicts)!;
    expect(back).toEqual(v);
    expect(JSON.stringify([...back.opened])).toBe(JSON.stringify([...v.opened]));
    expect(JSON.stringify([...back.unopened])).toBe(JSON.stringify([...v.unopened]));
  });

  it('stores each string once', () => {
    const c = encodeVerdicts(verdicts());
    expect(new Set(c.strings).size).toBe(c.strings.length);
    expect(c.strings.filter((s) => s === hex('c'))).toHaveLength(1); // two sources' root, kept once
  });

  it('a value it did not make is no cache (rebuilt), not an error', () => {
    const c = encodeVerdicts(verdicts());
    expect(decodeVerdicts({ ...c, strings: c.strings.slice(0, 3) })).toBeUndefined();
    expect(decodeVerdicts({ strings: [], opened: 7, unopened: [] } as unknown as CompactVerdicts)).toBeUndefined();
    expect(decodeVerdicts({} as CompactVerdicts)).toBeUndefined();
    // a charge that is not a byte count would let a writer past its budget: no cache
    expect(decodeVerdicts({ ...c, charged: [['W1', -1]] })).toBeUndefined();
    expect(decodeVerdicts({ ...c, charged: [['W1', '9']] } as unknown as CompactVerdicts)).toBeUndefined();
  });

  it('stores each record once and a writer\'s sources that mostly repeat as changes, decoded as shared records', () => {
    const repo = (i: number, v: number): SourceRecord => ({ kind: 'git', name: `repo-${i}`, locator: `https://x/${i}.git`, root: `${i}`.padStart(32, '0') + `${v}`.padStart(32, '0'), manifest: hex('e'), stats: { files: v, dirs: 1, bytes: 2 } });
    const first = Array.from({ length: 10 }, (_, i) => repo(i, 0));
    const second = first.map((r, i) => (i === 3 ? repo(3, 1) : r)); // one changed: the rest are the same records
    const third = [...second, repo(10, 0)]; // one added
    const v: SnapshotVerdicts = { opened: new Map([['k1', opened('1a', manifest('1a', null, first))], ['k2', opened('2b', manifest('2b', hex('1'), second))], ['k3', opened('3c', manifest('3c', hex('2'), third))], ['k4', opened('4d', manifest('4d', hex('3'), first.slice(0, 2)))]]), unopened: new Map(), charged: new Map() };
    const c = encodeVerdicts(v);
    expect(c.records).toHaveLength(12);
    expect(c.opened[1]![16]).toEqual([[0, 10, 3, 10]]); // row 0's sources, place 3 is record 10
    expect(c.opened[2]![16]).toEqual([[1, 11, 10, 11]]);
    expect(c.opened[3]![16]).toEqual([[2, 2]]); // shorter: the first two of row 2's
    const back = decodeVerdicts(JSON.parse(JSON.stringify(c)) as CompactVerdicts)!;
    expect(back).toEqual(v);
    const [a, b, d] = ['k1', 'k2', 'k3'].map((k) => back.opened.get(k)!.manifest.sources);
    expect(b![0]).toBe(a![0]); // one object, held once
    expect(d![3]).toBe(b![3]);
    // a change list naming a place it does not have, or an added place left out, is no cache
    expect(decodeVerdicts({ ...c, opened: [c.opened[0]!, [...c.opened[1]!.slice(0, 16), [[0, 10, 99, 10]]] as never] })).toBeUndefined();
    expect(decodeVerdicts({ ...c, opened: [c.opened[0]!, [...c.opened[1]!.slice(0, 16), [[0, 11, 3, 10]]] as never] })).toBeUndefined();
  });
});
