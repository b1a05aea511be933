import { describe, expect, it } from 'vitest';
import { BlobIndex } from './blob-index.js';
import type { PackRecord } from './index-segment.js';

const pack = (id: string, blobs: string[], recipients?: string[]): PackRecord => ({
  id: id.repeat(64),
  size: 100,
  retainUntil: '2030-01-01T00:00:00.000Z',
  blobs: blobs.map((b, i) => [b, 'data', i * 10, 10, 8]),
  ...(recipients && { recipients }),
});

describe('BlobIndex and recipients', () => {
  it('counts a blob as readable only by the recipients its pack names; a record without them by no one', () => {
    const index = new BlobIndex();
    index.add({ packs: [pack('a', ['old']), pack('b', ['new'], ['custody', 'safe'])], extended: [] });
    expect(index.readableBy('old', ['custody'])).toBe(false);
    expect(index.readableBy('new', ['custody', 'safe'])).toBe(true);
    expect(index.readableBy('new', ['custody', 'safe', 'later'])).toBe(false);
    expect(index.readableBy('missing', ['custody'])).toBe(false);
  });

  it('keeps, for a blob stored twice, the pack wrapped to the most recipients, in either order', () => {
    for (const order of [['narrow', 'wide'], ['wide', 'narrow']]) {
      const index = new BlobIndex();
      const packs = { narrow: pack('c', ['x'], ['custody']), wide: pack('d', ['x'], ['custody', 'safe']) };
      for (const name of order) index.add({ packs: [packs[name as keyof typeof packs]], extended: [] });
      expect(index.get('x')!.pack).toBe('d'.repeat(64));
      expect(index.readableBy('x', ['custody', 'safe'])).toBe(true);
    }
  });
});
