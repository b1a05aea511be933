import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeVault, tempDir } from '../helpers/vault.js';
import { backup } from '../../src/ops/backup/backup.js';
import { openVault } from '../../src/ops/open-vault.js';
import { restore } from '../../src/ops/restore/restore.js';
import { checkVault } from '../../src/ops/inspect/check.js';
import { parseSourceSpec } from '../../src/sources/spec.js';
import { sealSegment, type IndexSegment } from '../../src/vault/index-segment.js';
import { VaultKeys } from '../../src/vault/vault-keys.js';
import { writerIndexPrefix } from '../../src/vault/key-grammar.js';
import { DAY_MS } from '../../src/util/clock.js';

/**
 * A reader compares each consolidation with the segments it covers (consolidation.ts). One small
 * consolidation naming large segments costs all their records, so a hijacked agent putting
 * thousands of them under its own prefix, each naming the same large segments, made an operator's
 * first look on a fresh machine (mid-incident) compare records for hours. A load compares at most
 * a multiple of what the index holds; the rest is named, unjudged, and judged by later looks (one
 * found lying while all it covers is there is never judged again: every look after a backup did).
 */
describe('a hijacked agent floods its prefix with small consolidations naming the same large segments', () => {
  it('a reader judges as many as its budget allows, names the rest, and restores and checks as before', async () => {
    const v = await makeVault();
    const src = tempDir();
    writeFileSync(join(src, 'a.bin'), randomBytes(50_000));
    const snap = await backup({ store: v.store, credential: v.writer, sources: [parseSourceSpec(`app=dir:${src}`)], excludes: [], tags: [], clock: v.clock, cacheRoot: v.cacheRoot });

    const keys = new VaultKeys(Buffer.from(v.writer.dedupSecret, 'base64'));
    const signer = { writerId: v.writer.enrollment.writerId, seed: Buffer.from(v.writer.writerSecret, 'base64') };
    const prefix = writerIndexPrefix(v.writer.enrollment.writerId);
    const plant = async (segment: IndexSegment) => {
      const { key, bytes } = await sealSegment(segment, keys.indexKey, signer);
      await v.store.put(`${prefix}${key.slice(-64)}`, bytes, { retainUntil: new Date(Date.now() + DAY_MS) });
      return key.slice(-64);
    };
    const hex = () => randomBytes(32).toString('hex');
    const record = (blobs: number) => ({ id: hex(), size: blobs, retainUntil: new Date().toISOString(), blobs: Array.from({ length: blobs }, (_, i) => [hex(), 'data', i, 1, 1]) as IndexSegment['packs'][number]['blobs'] });
    // Two segments of 2,000 records, then 100 consolidations of one record each naming both.
    const covers = [await plant({ packs: [record(2000)], extended: [] }), await plant({ packs: [record(2000)], extended: [] })];
    for (let i = 0; i < 100; i++) await plant({ packs: [record(1)], extended: [], covers });

    const cache = tempDir();
    const reader = await openVault(v.store, v.identity, cache);
    try {
      const out = join(tempDir(), 'out');
      expect((await restore({ reader, snapshot: snap.snapshot, path: 'app', target: out, dryRun: false, overwrite: false })).failures).toEqual([]);
      expect(readFileSync(join(out, 'a.bin')).equals(readFileSync(join(src, 'a.bin')))).toBe(true);
      const problems = (await checkVault(reader, { readData: true })).problems.map((p) => p.message);
      const lying = problems.filter((m) => /does not repeat the segments it covers \(4000 of their records left out/.test(m));
      const unjudged = problems.filter((m) => /left unjudged: .*a writer flooding consolidations/.test(m));
      // 32 times the 4,100 records it holds and a floor of 100,000, at 4,001 records each: 57 judged.
      expect([lying.length, unjudged.length]).toEqual([57, 43]);
      // and the packs its two large segments name, which were never stored
      expect(problems.filter((m) => !lying.includes(m) && !unjudged.includes(m)).map((m) => /^pack data\/.* cannot be read: .* is missing/.test(m))).toEqual([true, true]);
    } finally {
      await reader.close();
    }
    // A lying one is judged for good: the next look after a backup judges those left over, then none again.
    const judgedAfterBackup = async (n: number) => {
      writeFileSync(join(src, `new-${n}.bin`), randomBytes(20_000));
      await backup({ store: v.store, credential: v.writer, sources: [parseSourceSpec(`app=dir:${src}`)], excludes: [], tags: [], clock: v.clock, cacheRoot: v.cacheRoot });
      const again = await openVault(v.store, v.identity, cache);
      try {
        const messages = again.index.damagedSegments.map((d) => d.reason);
        return [messages.filter((m) => /does not repeat the segments it covers/.test(m)).length, messages.filter((m) => /left unjudged/.test(m)).length];
      } finally {
        await again.close();
      }
    };
    expect(await judgedAfterBackup(1)).toEqual([100, 0]);
    expect(await judgedAfterBackup(2)).toEqual([100, 0]);
  });
});
