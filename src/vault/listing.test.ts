import { describe, expect, it } from 'vitest';
import { resolveListing } from './listing.js';

const v = (key: string, t: number, extra: { del?: boolean; id?: string } = {}) => ({
  key,
  size: 1,
  lastModified: new Date(t),
  isDeleteMarker: !!extra.del,
  ...(extra.id && { versionId: extra.id }),
});

describe('reading through attacks in a version listing', () => {
  it('keeps the first version of a key and reports later ones as overwrites', () => {
    const r = resolveListing([v('snapshots/a', 2000, { id: 'v2' }), v('snapshots/a', 1000, { id: 'v1' })]);
    expect(r.objects.get('snapshots/a')?.versionId).toBe('v1');
    expect(r.overwrites.map((o) => o.versionId)).toEqual(['v2']);
  });

  it('sees through delete markers and reports them', () => {
    const r = resolveListing([v('data/aa/p', 1000, { id: 'v1' }), v('data/aa/p', 5000, { del: true, id: 'm1' })]);
    expect(r.objects.get('data/aa/p')?.versionId).toBe('v1');
    expect(r.deleteMarkers).toHaveLength(1);
  });
});
