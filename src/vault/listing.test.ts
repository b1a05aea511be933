import { describe, expect, it } from 'vitest';
import { resolveListing } from './listing.js';

const v = (key: string, t: number, extra: { del?: boolean; id?: string } = {}) => ({
  key,
  size: 1,
  lastModified: new Date(t),
  isDeleteMarker: !!extra.del,
  ...(extra.id && { versionId: extra.id }),
});
const SNAP = 'snapshots/20250101T000000Z-0123456789abcdef';
const PACK = `data/ab/${'ab'.repeat(32)}`;

describe('reading through attacks in a version listing', () => {
  it('keeps the first version of a key and reports later ones as overwrites', () => {
    const r = resolveListing([v(SNAP, 2000, { id: 'v2' }), v(SNAP, 1000, { id: 'v1' })]);
    expect(r.objects.get(SNAP)?.versionId).toBe('v1');
    expect(r.overwrites.map((o) => o.versionId)).toEqual(['v2']);
  });

  it('sees through delete markers and reports them', () => {
    const r = resolveListing([v(PACK, 1000, { id: 'v1' }), v(PACK, 5000, { del: true, id: 'm1' })]);
    expect(r.objects.get(PACK)?.versionId).toBe('v1');
    expect(r.deleteMarkers).toHaveLength(1);
  });

  it('sets foreign keys aside, versions and delete markers alike, instead of reading them', () => {
    const r = resolveListing([v(SNAP, 1000), v('index/has space', 2000), v('snapshots/zzz', 3000), v('other/thing', 4000, { del: true })]);
    expect([...r.objects.keys()]).toEqual([SNAP]);
    expect(r.foreign.map((f) => f.key)).toEqual(['index/has space', 'snapshots/zzz', 'other/thing']);
    expect(r.deleteMarkers).toHaveLength(0);
  });
});
