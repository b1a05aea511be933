import { describe, expect, it } from 'vitest';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeVault, tempDir } from '../helpers/vault.js';
import { countingReads } from '../helpers/counting-store.js';
import { backup } from '../../src/ops/backup/backup.js';
import { openVault } from '../../src/ops/open-vault.js';
import { parseSourceSpec } from '../../src/sources/spec.js';
import { snapshotAnomalies, snapshotTotals } from '../../src/ops/inspect/anomalies.js';
import { lookKey } from '../../src/ops/inspect/look-cache.js';
import { fixedClock } from '../../src/util/clock.js';

describe("the operator's last look, kept", () => {
  it('gives back the same anomalies and totals without counting while no snapshot came, and counts again when one did', async () => {
    const clock = fixedClock(new Date(Date.now() - 30 * 86_400_000)); // a month ago: the week below ends before now
    const v = { ...(await makeVault({ clock })), clock };
    const src = tempDir();
    const once = async (files: number) => {
      rmSync(src, { recursive: true, force: true });
      mkdirSync(src);
      for (let i = 0; i < files; i++) writeFileSync(join(src, `f${i}.yaml`), `n: ${i}\n`);
      await backup({ store: v.store, credential: v.writer, sources: [parseSourceSpec(`cfg=dir:${src}`)], excludes: [], tags: [], clock: v.clock, cacheRoot: v.cacheRoot });
      v.clock.advance(3_600_000);
    };
    await once(10);
    await once(10);
    await once(2); // a wipe: lost 80% of its files
    const cacheRoot = tempDir();
    const first = await openVault(v.store, v.identity, cacheRoot);
    const anomalies = await snapshotAnomalies(first);
    const totals = await snapshotTotals(first);
    const { snapshots } = await first.snapshots();
    expect(snapshots.map((s) => anomalies.get(s.id)!.map((a) => a.message))).toEqual([[], [], ['cfg lost 80% of its files (10 → 2)']]);
    expect(snapshots.map((s) => totals.get(s.hash)!.files)).toEqual([10, 10, 2]);

    // Without the counts cache, counting reads trees again; the kept look needs none of them.
    const countsFiles = () => readdirSync(first.cacheDir!).filter((f) => f.startsWith('counts'));
    expect(countsFiles()).not.toEqual([]);
    countsFiles().forEach((f) => rmSync(join(first.cacheDir!, f)));
    const quiet = countingReads(v.store, 'data/');
    const second = await openVault(quiet.store, v.identity, cacheRoot);
    expect(await snapshotAnomalies(second)).toEqual(anomalies);
    expect(await snapshotTotals(second)).toEqual(totals);
    expect(quiet.reads()).toBe(0);

    // A new snapshot a week later: the look resumes from where the kept one ended, counting only the
    // new snapshot's trees; the drop has held a week, so it is the new normal, as a whole judgement says.
    v.clock.advance(8 * 86_400_000);
    await once(3);
    countsFiles().forEach((f) => rmSync(join(first.cacheDir!, f)));
    const busy = countingReads(v.store, 'data/');
    const third = await openVault(busy.store, v.identity, cacheRoot);
    const resumed = await snapshotAnomalies(third);
    const listed = (await third.snapshots()).snapshots;
    expect(listed.map((s) => resumed.get(s.id)!.length)).toEqual([0, 0, 1, 0]);
    const counted = countingReads(v.store, 'data/');
    const whole = await openVault(counted.store, v.identity, tempDir());
    expect(await snapshotAnomalies(whole)).toEqual(resumed);
    expect(busy.reads()).toBeLessThan(counted.reads()); // the new snapshot's tree, not the three distinct ones
    expect(await snapshotTotals(whole)).toEqual(await snapshotTotals(third));

    // The next one, back at ten files: resumed again, as a whole judgement says.
    await once(10);
    const again = await openVault(v.store, v.identity, cacheRoot);
    expect(await snapshotAnomalies(again)).toEqual(await snapshotAnomalies(await openVault(v.store, v.identity, tempDir())));
  });

  it('keys a look by every snapshot in order, the time and writer each is judged by, and the revoked writers', () => {
    const snap = (hash: string, at = '2026-01-01T00:00:00.000Z', writerId = 'w1') => ({ hash, id: hash.slice(0, 4), at, writerId }) as never;
    const base = lookKey([snap('aaaa'), snap('bbbb')], new Set());
    expect(lookKey([snap('aaaa'), snap('bbbb')], new Set())).toBe(base);
    expect(lookKey([snap('bbbb'), snap('aaaa')], new Set())).not.toBe(base);
    expect(lookKey([snap('aaaa')], new Set())).not.toBe(base);
    expect(lookKey([snap('aaaa'), snap('bbbb', '2026-01-02T00:00:00.000Z')], new Set())).not.toBe(base);
    expect(lookKey([snap('aaaa'), snap('bbbb', undefined, 'w2')], new Set())).not.toBe(base);
    expect(lookKey([snap('aaaa'), snap('bbbb')], new Set(['w2']))).not.toBe(base);
  });
});
