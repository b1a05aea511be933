import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { CONSOLIDATE_AFTER, Covering, planConsolidation, verifyConsolidations, type LoadedSegment } from './consolidation.js';
import type { IndexSegment, PackRecord, SegmentSource } from './index-segment.js';
import type { ListedVersion } from '../storage/blob-store.js';

const W = 'W'.repeat(26);
const prefix = `index/${W}/`;
const hex = () => randomBytes(32).toString('hex');
const record = (): PackRecord => ({ id: hex(), size: 100, retainUntil: '2030-01-01T00:00:00.000Z', blobs: [[hex(), 'data', 0, 50, 40]], recipients: ['R'] });
const plain = (at: number): LoadedSegment => ({ key: prefix + hex(), at, own: { packs: [record()], extended: [] } });

/** Plays `runs` fresh-cache runs: each loads what is not covered, maybe consolidates, then adds one segment. */
function simulate(runs: number): { live: LoadedSegment[]; written: number } {
  let live: LoadedSegment[] = [];
  let written = 0;
  for (let t = 0; t < runs; t++) {
    const plan = planConsolidation(live);
    if (plan) {
      const covered = new Set(plan.parts.flatMap((p) => p.covers!.map((h) => prefix + h)));
      live = live.filter((s) => !covered.has(s.key));
      for (const part of plan.parts) live.push({ key: prefix + hex(), at: t + 0.5, own: part });
      written += plan.parts.reduce((n, p) => n + p.packs.length, 0);
    }
    live.push(plain(t + 1));
  }
  return { live, written };
}

describe('planning consolidations', () => {
  it(`waits for more than ${CONSOLIDATE_AFTER} plain segments, then repeats every record once`, () => {
    const segments = Array.from({ length: CONSOLIDATE_AFTER }, (_, i) => plain(i));
    expect(planConsolidation(segments)).toBeUndefined();
    segments.push(plain(99));
    const plan = planConsolidation(segments)!;
    expect(plan.parts).toHaveLength(1);
    expect(plan.parts[0]!.covers).toEqual(segments.map((s) => s.key.slice(-64)).sort());
    const byId = (ps: PackRecord[]) => [...ps].sort((x, y) => (x.id < y.id ? -1 : 1));
    expect(byId(plan.parts[0]!.packs)).toEqual(byId(segments.map((s) => s.own!.packs[0]!)));
  });

  it('merges like a binary counter: a year of hourly runs leaves a few consolidations and rewrites each record a few times', () => {
    const { live, written } = simulate(8760);
    const consolidations = live.filter((s) => s.own?.covers);
    expect(live.length - consolidations.length).toBeLessThanOrEqual(CONSOLIDATE_AFTER);
    expect(consolidations.length).toBeLessThanOrEqual(Math.ceil(Math.log2(8760 / CONSOLIDATE_AFTER)) + 1);
    expect(written / 8760).toBeLessThan(Math.log2(8760 / CONSOLIDATE_AFTER) + 2);
    // Nothing lost: the live segments hold every run's record.
    expect(live.reduce((n, s) => n + s.own!.packs.length, 0)).toBe(8760);
  });
});

describe("a writer honours only its own active consolidation's covers", () => {
  const covered = Array.from({ length: 40 }, (_, i) => ({ key: prefix + hex(), size: 100, lastModified: new Date(1000 + i), isDeleteMarker: false }) as ListedVersion);
  const consolidation = { key: prefix + hex(), size: 100, lastModified: new Date(5000), isDeleteMarker: false } as ListedVersion;
  const segment: IndexSegment = { packs: [], extended: [], covers: covered.map((v) => v.key.slice(-64)) };

  for (const [what, source, opens] of [
    ['its own', { vouch: 'active', writer: W }, 8],
    ['another writer\'s (misplaced)', { vouch: 'misplaced', writer: 'X'.repeat(26) }, 41],
    ['a revoked one', { vouch: 'revoked', writer: W }, 41],
  ] as const) {
    it(`${what}: opens ${opens} of 41`, async () => {
      const opened: string[] = [];
      const found = (key: string) => (key === consolidation.key ? { segment, source: { key, ...source } as SegmentSource } : undefined);
      await new Covering(W, prefix).open([...covered, consolidation], async (v) => void opened.push(v.key), found);
      expect(opened[0]).toBe(consolidation.key); // newest first
      expect(opened).toHaveLength(opens);
    });
  }
});

describe("a reader's check of a consolidation", () => {
  const a = { packs: [record()], extended: [] };
  const b = { packs: [record(), record()], extended: [] };
  const [ka, kb, kc] = [prefix + hex(), prefix + hex(), prefix + hex()];
  const src = (key: string, vouch: SegmentSource['vouch'] = 'active'): SegmentSource => ({ key, vouch, writer: W });
  const check = (c: IndexSegment, vouch: SegmentSource['vouch'] = 'active', known = new Set<string>()) =>
    verifyConsolidations(new Map([[ka, { segment: a, source: src(ka) }], [kb, { segment: b, source: src(kb) }], [kc, { segment: c, source: src(kc, vouch) }]]), known).problems;
  const covers = [ka, kb].map((k) => k.slice(-64));

  it('accepts exactly the covered records, and remembers it', () => {
    expect(check({ packs: [...a.packs, ...b.packs], extended: [], covers })).toEqual([]);
    const all = new Map([[ka, { segment: a, source: src(ka) }], [kb, { segment: b, source: src(kb) }], [kc, { segment: { packs: [...a.packs, ...b.packs], extended: [], covers }, source: src(kc) }]]);
    expect(verifyConsolidations(all).verified).toEqual([kc]);
    expect(check({ packs: [], extended: [], covers }, 'active', new Set([kc]))).toEqual([]); // judged once: the cache says so
  });
  it('names one that leaves records out', () => expect(check({ packs: a.packs, extended: [], covers })[0]!.reason).toContain('(2 of their records left out, 0 records none of them holds)'));
  it('names one that alters a record', () => {
    const moved = { ...b.packs[0]!, blobs: [[b.packs[0]!.blobs[0]![0], 'data', 1, 50, 40]] } as PackRecord;
    expect(check({ packs: [...a.packs, moved, b.packs[1]!], extended: [], covers })[0]!.reason).toContain('(1 of their records left out, 1 records none of them holds)');
  });
  it('leaves added records unjudged when a covered segment is gone, and forged ones to their own report', () => {
    const gone = { packs: [...a.packs, ...b.packs, record()], extended: [], covers: [...covers, hex()] };
    expect(check(gone)).toEqual([]);
    expect(verifyConsolidations(new Map([[kc, { segment: gone, source: src(kc) }]])).verified).toEqual([]); // judged again next time
    expect(check({ packs: [], extended: [], covers }, 'bad-signature')).toEqual([]);
  });
});
