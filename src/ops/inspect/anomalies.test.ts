import { describe, expect, it } from 'vitest';
import { findAnomalies, SETTLE_MS } from './anomalies.js';
import type { SnapshotCounts, SourceCounts } from './snapshot-counts.js';
import type { SnapshotInfo } from '../../vault/snapshot-list.js';

const DAY = 86_400_000;
let n = 0;
/** A snapshot whose writer claims `claimed` files per source (default: what the tree holds). */
const snap = (id: string, opts: { writerId?: string; day?: number; claimed?: Record<string, number> } = {}) =>
  ({
    id,
    writerId: opts.writerId ?? 'w1',
    at: new Date(Date.UTC(2026, 0, 1) + (opts.day ?? n++) * DAY).toISOString(),
    warnings: [],
    manifest: { sources: Object.entries(opts.claimed ?? {}).map(([name, files]) => ({ name, stats: { files } })) },
  }) as unknown as SnapshotInfo;
const src = (compare: Record<string, number>, files = compare.files ?? 0): SourceCounts => ({ compare, tree: { files, dirs: 1, bytes: 0 } });
const counts = (sources: number, per: Record<string, SourceCounts>): SnapshotCounts => ({ sources, perSource: new Map(Object.entries(per)), unreadable: new Map() });
const messages = (found: Map<string, { message: string }[]>, id: string) => found.get(id)!.map((a) => a.message);

describe('anomalies', () => {
  it('flags a snapshot that lost more than half of the files, refs or pipelines of its source', () => {
    const snaps = [snap('a'), snap('b'), snap('c')];
    const found = findAnomalies(
      snaps,
      new Map([
        ['a', counts(2, { api: src({ refs: 40, pipelines: 4 }), cfg: src({ files: 100 }) })],
        ['b', counts(2, { api: src({ refs: 38, pipelines: 1 }), cfg: src({ files: 60 }) })],
        ['c', counts(2, { api: src({ refs: 3, pipelines: 1 }), cfg: src({ files: 29 }) })],
      ]),
    );
    expect(found.get('a')).toEqual([]);
    expect(messages(found, 'b')).toEqual(['api lost 75% of its pipelines (4 → 1)']);
    // b was flagged for its pipelines, so c's pipelines still compare with a's
    expect(messages(found, 'c')).toEqual(['api lost 93% of its refs (40 → 3)', 'api lost 75% of its pipelines (4 → 1)', 'cfg lost 52% of its files (60 → 29)']);
  });

  it("adds the backup's own word when the source's entries could not be read (an agent that lost read access), still flagged", () => {
    const b = snap('b');
    (b.manifest.sources as unknown[]).push({ name: 'cfg', stats: { files: 10 }, unread: { count: 1, first: [{ path: 'conf.d', reason: 'permission denied' }] } });
    const found = findAnomalies(
      [snap('a'), b],
      new Map([
        ['a', counts(1, { cfg: src({ files: 100 }) })],
        ['b', counts(1, { cfg: src({ files: 10 }) })],
      ]),
    );
    expect(messages(found, 'b')).toEqual(['cfg lost 90% of its files (100 → 10); its backup says 1 entry could not be read (permission denied)']);
  });

  it('says a repository has no pipelines left, not that it is empty', () => {
    const found = findAnomalies(
      [snap('a'), snap('b')],
      new Map([
        ['a', counts(1, { api: src({ refs: 4, pipelines: 2 }) })],
        ['b', counts(1, { api: src({ refs: 4, pipelines: 0 }) })],
      ]),
    );
    expect(messages(found, 'b')).toEqual(['api has no pipelines left, down from 2']);
  });

  it("flags a command's output that lost more than half of its bytes, or came out empty", () => {
    const snaps = [snap('a'), snap('b'), snap('c')];
    const found = findAnomalies(
      snaps,
      new Map([
        ['a', counts(1, { db: src({ bytes: 50_000 }, 1) })],
        ['b', counts(1, { db: src({ bytes: 120 }, 1) })],
        ['c', counts(1, { db: src({ bytes: 0 }, 1) })],
      ]),
    );
    expect(messages(found, 'b')).toEqual(['db lost 100% of its bytes (50000 → 120)']);
    expect(messages(found, 'c')).toEqual(['db is empty: 0 bytes, down from 50000']);
  });

  it('a backup of other sources is its own lineage, not a loss; a snapshot with no sources is flagged', () => {
    const snaps = [snap('a'), snap('b', { writerId: 'w2' }), snap('c'), snap('d')];
    const five = { api: src({ refs: 10 }), web: src({ refs: 8 }), cfg: src({ files: 40 }), db: src({ files: 1 }), ops: src({ files: 9 }) };
    const found = findAnomalies(snaps, new Map([['a', counts(5, five)], ['b', counts(1, { other: src({ files: 3 }) })], ['c', counts(1, { cfg: src({ files: 40 }) })], ['d', counts(0, {})]]));
    expect(found.get('b')).toEqual([]);
    expect(found.get('c')).toEqual([]); // cfg alone, as whole as before: not "1 sources, down from 5"
    expect(messages(found, 'd')).toEqual(['holds no sources at all']);
  });

  it('a second empty snapshot does not launder the first; a drop that held a week is the new normal', () => {
    const snaps = [snap('a', { day: 0 }), snap('b', { day: 1 }), snap('c', { day: 2 }), snap('d', { day: 1 + SETTLE_MS / DAY }), snap('e', { day: 9 })];
    const c = (files: number) => counts(1, { cfg: src({ files }) });
    const found = findAnomalies(snaps, new Map([['a', c(10)], ['b', c(0)], ['c', c(0)], ['d', c(0)], ['e', c(0)]]));
    expect(messages(found, 'b')).toEqual(['cfg is empty: 0 files, down from 10']);
    expect(messages(found, 'c')).toEqual(['cfg is empty: 0 files, down from 10']);
    expect(found.get('d')).toEqual([]);
    expect(found.get('e')).toEqual([]);
  });

  it('ignores the writer\'s claimed stats for loss, and flags claims the trees do not bear out', () => {
    const snaps = [snap('a', { claimed: { cfg: 10 } }), snap('b', { claimed: { cfg: 5000 } }), snap('c', { claimed: { cfg: 11 } })];
    const found = findAnomalies(snaps, new Map([['a', counts(1, { cfg: src({ files: 10 }) })], ['b', counts(1, { cfg: src({ files: 0 }) })], ['c', counts(1, { cfg: src({ files: 9 }) })]]));
    expect(messages(found, 'b')).toEqual(['cfg is empty: 0 files, down from 10', 'cfg claims 5000 files, its tree holds 0']);
    expect(found.get('c')).toEqual([]); // two files vanishing while read is no lie
  });

  it('names sources whose trees cannot be read', () => {
    const unreadable = { ...counts(1, {}), unreadable: new Map([['cfg', 'tree 0123 cannot be read (not found)']]) };
    expect(messages(findAnomalies([snap('a')], new Map([['a', unreadable]])), 'a')).toEqual(['cfg cannot be counted: tree 0123 cannot be read (not found)']);
  });
});
