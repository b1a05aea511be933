import { describe, expect, it } from 'vitest';
import { BlobIndex } from './blob-index.js';
import type { PackRecord, SegmentSource, Vouch } from './index-segment.js';

const pack = (id: string, blobs: string[], recipients?: string[], offset = 0): PackRecord => ({
  id: id.repeat(64),
  size: 100,
  retainUntil: '2030-01-01T00:00:00.000Z',
  blobs: blobs.map((b, i) => [b, 'data', offset + i * 10, 10, 8]),
  ...(recipients && { recipients }),
});
const from = (vouch: Vouch, key = `index/${vouch}`): SegmentSource => ({ key, vouch, writer: 'W' });
const signed = from('active');

describe('BlobIndex and recipients', () => {
  it('counts a blob as readable only by the recipients its pack names; a record without them by no one', () => {
    const index = new BlobIndex();
    index.add({ packs: [pack('a', ['old']), pack('b', ['new'], ['custody', 'safe'])], extended: [] }, signed);
    expect(index.readableBy('old', ['custody'])).toBe(false);
    expect(index.readableBy('new', ['custody', 'safe'])).toBe(true);
    expect(index.readableBy('new', ['custody', 'safe', 'later'])).toBe(false);
    expect(index.readableBy('missing', ['custody'])).toBe(false);
  });

  it('reads first, for a blob stored twice, the pack wrapped to the most recipients, in either order', () => {
    for (const order of [['narrow', 'wide'], ['wide', 'narrow']]) {
      const index = new BlobIndex();
      const packs = { narrow: pack('c', ['x'], ['custody']), wide: pack('d', ['x'], ['custody', 'safe']) };
      for (const name of order) index.add({ packs: [packs[name as keyof typeof packs]], extended: [] }, signed);
      expect(index.get('x')!.pack).toBe('d'.repeat(64));
      expect(index.others('x').map((l) => l.pack)).toEqual(['c'.repeat(64)]);
      expect(index.readableBy('x', ['custody', 'safe'])).toBe(true);
    }
  });
});

describe('BlobIndex keeps every claimed location', () => {
  it('a second claim for a blob id never replaces the first: both are kept, each with its segment', () => {
    const index = new BlobIndex();
    index.add({ packs: [pack('a', ['x', 'y'], ['c'])], extended: [] }, from('active', 'index/real'));
    index.add({ packs: [pack('e', ['x'], ['c'])], extended: [] }, from('active', 'index/forged'));
    expect(index.get('x')!.pack).toBe('a'.repeat(64));
    expect(index.others('x').map((l) => [l.pack, l.source.key])).toEqual([['e'.repeat(64), 'index/forged']]);
    expect(index.others('y')).toEqual([]);
    expect([...index.entries()].map(([id, l]) => `${id}@${l.pack[0]}`).sort()).toEqual(['x@a', 'x@e', 'y@a']);
    expect(index.size).toBe(2);
  });

  it('the same claim twice is one location, vouched if either segment is', () => {
    const index = new BlobIndex();
    index.add({ packs: [pack('a', ['x'], ['c'])], extended: [] }, from('unsigned'));
    index.add({ packs: [pack('a', ['x'], ['c'])], extended: [] }, from('active'));
    expect(index.others('x')).toEqual([]);
    expect(index.get('x')!.source.vouch).toBe('active');
  });

  it('a writer dedups only against locations an active writer signed; unsigned, revoked and forged ones are read but never reused', () => {
    for (const vouch of ['unsigned', 'revoked', 'unknown-writer', 'bad-signature'] as const) {
      const index = new BlobIndex();
      index.add({ packs: [pack('a', ['x'], ['c'])], extended: [] }, from(vouch));
      expect(index.get('x')).toBeDefined();
      expect(index.readableBy('x', ['c'])).toBe(false);
      index.add({ packs: [pack('b', ['x'], ['c'])], extended: [] }, signed);
      expect(index.dedupLocation('x', ['c'])!.pack).toBe('b'.repeat(64));
      expect(index.get('x')!.pack).toBe('b'.repeat(64)); // the vouched location is read first
    }
  });

  it('a vouched record about a pack replaces an unvouched claim about its size and readers, never the reverse', () => {
    const index = new BlobIndex();
    index.add({ packs: [{ ...pack('a', ['x'], ['c']), size: 5 }], extended: [] }, from('unsigned'));
    index.add({ packs: [pack('a', ['y'], ['c', 'd'])], extended: [] }, signed);
    index.add({ packs: [{ ...pack('a', ['z']), size: 7 }], extended: [] }, from('unknown-writer'));
    expect(index.packs.get('a'.repeat(64))).toMatchObject({ size: 100, vouched: true });
    expect([...index.packs.get('a'.repeat(64))!.recipients!]).toEqual(['c', 'd']);
  });
});
