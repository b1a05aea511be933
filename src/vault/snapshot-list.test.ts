import { describe, expect, it } from 'vitest';
import { boundedTime, CLOCK_SKEW_MS, pickLatest, resolveSnapshot, type SnapshotInfo } from './snapshot-list.js';

const stored = new Date('2026-03-01T12:00:00.000Z');
const snap = (id: string, warnings: string[] = []) => ({ id, at: `2026-03-0${id.length}T00:00:00.000Z`, warnings }) as unknown as SnapshotInfo;

describe('a snapshot\'s time', () => {
  it('is the claim, bounded by when the store received it; a claim ahead of it is flagged', () => {
    const warnings: string[] = [];
    expect(boundedTime('2026-03-01T11:00:00.000Z', stored, warnings)).toBe('2026-03-01T11:00:00.000Z'); // backdated: kept
    expect(boundedTime(new Date(stored.getTime() + CLOCK_SKEW_MS).toISOString(), stored, warnings)).toBe(stored.toISOString()); // clock skew
    expect(warnings).toEqual([]);
    expect(boundedTime('2026-03-31T12:00:00.000Z', stored, warnings)).toBe(stored.toISOString());
    expect(warnings).toEqual([expect.stringMatching(/^dated 2026-03-31T12:00:00.000Z, 720 h after the store received it \(2026-03-01 12:00:00 UTC\)/)]);
    expect(boundedTime('soon', stored, warnings)).toBe(stored.toISOString());
    // Where the server sets the times (S3), a claim hours before the write is warned as backdated.
    const backdated: string[] = [];
    expect(boundedTime('2026-03-01T09:00:00.000Z', stored, backdated, true)).toBe('2026-03-01T09:00:00.000Z');
    expect(backdated).toEqual([expect.stringMatching(/but the store received it .* later .*backdated/)]);
    const prompt: string[] = [];
    boundedTime(new Date(stored.getTime() - 5 * 60_000).toISOString(), stored, prompt, true);
    expect(prompt).toEqual([]);
    expect(warnings[1]).toMatch(/is not a date/);
  });
});

describe('latest', () => {
  it('is the newest snapshot nothing speaks against, naming the newer ones passed over', () => {
    const snaps = [snap('a'), snap('bb'), snap('ccc', ['dated ahead']), snap('dddd')];
    const distrust = (s: SnapshotInfo) => (s.id === 'dddd' ? ['cfg is empty'] : []);
    const { snap: chosen, skipped } = pickLatest(snaps, distrust);
    expect(chosen.id).toBe('bb');
    expect(skipped.map((k) => [k.snap.id, k.reasons])).toEqual([['dddd', ['cfg is empty']], ['ccc', ['dated ahead']]]);
    expect(resolveSnapshot(snaps, 'latest').id).toBe('dddd'); // the vault alone knows only warnings
    expect(resolveSnapshot(snaps, 'ccc').id).toBe('ccc'); // an id always works
  });

  it('never falls back to a distrusted snapshot', () => {
    expect(() => pickLatest([snap('a', ['revoked'])])).toThrow(/no snapshot can be trusted as "latest".*newest a: revoked.*name one by its id/);
    expect(() => pickLatest([])).toThrow(/no snapshots yet/);
  });
});
