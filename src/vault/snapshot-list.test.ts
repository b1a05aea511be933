import { describe, expect, it } from 'vitest';
import { utimesSync } from 'node:fs';
import { join } from 'node:path';
import { boundedTime, CLOCK_SKEW_MS, futureTime, listSnapshots, pickLatest, resolveSnapshot, type SnapshotInfo } from './snapshot-list.js';
import { makeVault } from '../../test/helpers/vault.js';
import { RogueWriter } from '../../test/helpers/rogue-tree.js';
import { loadConfig } from './load-config.js';
import { DAY_MS, fixedClock, systemClock, type Clock } from '../util/clock.js';

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

describe('a snapshot later than this machine\'s clock', () => {
  const now = new Date('2026-03-01T12:00:00.000Z');
  const later = (ms: number) => new Date(now.getTime() + ms);

  it('is warned when its time, or only its stored time, is ahead by more than the clock skew', () => {
    const warnings: string[] = [];
    futureTime(later(CLOCK_SKEW_MS).toISOString(), later(CLOCK_SKEW_MS), now, warnings); // a clock a few minutes fast
    expect(warnings).toEqual([]);
    futureTime(later(30 * DAY_MS).toISOString(), later(30 * DAY_MS), now, warnings);
    expect(warnings).toEqual(["dated 2026-03-31 12:00:00 UTC in the future, later than this machine's clock (2026-03-01 12:00:00 UTC): a wrong clock or a forged time"]);
    futureTime(now.toISOString(), later(DAY_MS), now, warnings); // the file's time set ahead, the claim honest
    expect(warnings[1]).toBe("stored 2026-03-02 12:00:00 UTC in the future, later than this machine's clock (2026-03-01 12:00:00 UTC): a wrong clock or a forged time");
  });

  it('on a local vault whose file time the agent set to match, is never latest; the clock is the one given', async () => {
    const v = await makeVault();
    const run = async (clock: Clock, content: string) => {
      const w = await RogueWriter.open(v.store, v.writer, clock);
      return { snapshot: await w.snapshot([{ name: 'cfg', root: await w.tree([await w.file('a.txt', content)]) }]) };
    };
    const honest = await run(systemClock, 'honest\n');
    const ahead = new Date(Date.now() + 30 * DAY_MS);
    const forged = await run(fixedClock(ahead), 'backdoor\n');
    const config = (await loadConfig(v.store, v.identity.custodyPublic)).config.body;
    const listed = await listSnapshots(v.store, config, v.identity);
    const file = join(v.store.url.slice('file://'.length), listed.snapshots.find((s) => s.id === forged.snapshot)!.key);
    utimesSync(file, ahead, ahead); // the agent owns the file: the "stored" time is its word too

    const today = await listSnapshots(v.store, config, v.identity, { clock: fixedClock(new Date()) });
    const flagged = today.snapshots.find((s) => s.id === forged.snapshot)!;
    expect(Math.abs(Date.parse(flagged.storedAt) - ahead.getTime())).toBeLessThan(1000); // the forged file time, as listed
    expect(flagged.warnings).toEqual([expect.stringMatching(/^dated .* in the future, later than this machine's clock \(.*\): a wrong clock or a forged time$/)]);
    expect(pickLatest(today.snapshots)).toMatchObject({ snap: { id: honest.snapshot }, skipped: [{ snap: { id: forged.snapshot } }] });
    // a month on, by the clock given, it is an ordinary snapshot again
    const monthOn = await listSnapshots(v.store, config, v.identity, { clock: fixedClock(new Date(ahead.getTime() + 60_000)) });
    expect(pickLatest(monthOn.snapshots).snap.id).toBe(forged.snapshot);
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
