import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lockedBucket } from '../helpers/s3.js';
import { agentStore } from '../helpers/agent-s3.js';
import { countingReads } from '../helpers/counting-store.js';
import { makeVault, tempDir } from '../helpers/vault.js';
import { backup } from '../../src/ops/backup/backup.js';
import { openVault } from '../../src/ops/open-vault.js';
import { parseSourceSpec } from '../../src/sources/spec.js';
import { listSnapshots } from '../../src/vault/snapshot-list.js';
import { newSnapshotId, sealSnapshot, snapshotKey, type Manifest } from '../../src/vault/snapshot.js';
import { DAY_MS } from '../../src/util/clock.js';
import { loadIndex } from '../../src/vault/load-index.js';
import { VaultKeys } from '../../src/vault/vault-keys.js';
import { writerIndexPrefix } from '../../src/vault/key-grammar.js';
import { readdirSync } from 'node:fs';

const MiB = 1024 * 1024;
const lock = { retainUntil: new Date(Date.now() + DAY_MS) };

/** A vault on S3 with Object Lock, its agent's store under the agent's own policy, and one real backup by it. */
async function agentWithOneBackup() {
  const owner = await lockedBucket();
  const v = await makeVault({ store: owner });
  const agent = await agentStore(owner, 30, v.writer.enrollment.writerId);
  const src = tempDir();
  writeFileSync(join(src, 'deploy.yaml'), 'replicas: 3\n');
  const real = await backup({ store: agent, credential: v.writer, sources: [parseSourceSpec(`cfg=dir:${src}`)], excludes: [], tags: [], clock: v.clock, cacheRoot: v.cacheRoot });
  return { owner, v, agent, real };
}

/**
 * A hijacked agent cannot delete a snapshot or an index segment, but it can put thousands of objects under
 * snapshots/ that every operator look must judge: junk, envelopes signed by a key nobody enrolled,
 * objects of many MiB; segments under its own index prefix likewise. They must not pile up in the operator's memory, nor be downloaded again on
 * every look (the console's timeline, posture, every CLI verb).
 */
describe('a flood under snapshots/ and index/, put with the agent\'s own keys', () => {
  it('is judged a few objects at a time, large ones one at a time, and downloaded once per operator, not per look', async () => {
    const { owner, v, agent, real } = await agentWithOneBackup();

    const at = (i: number) => new Date(Date.now() - i * 60_000).toISOString();
    const big = new Set<string>();
    const puts: Promise<void>[] = [];
    for (let i = 0; i < 24; i++) puts.push(agent.put(snapshotKey(at(i), newSnapshotId()), randomBytes(32 * 1024), lock));
    for (let i = 0; i < 4; i++) {
      // well-formed, signed, sealed to the vault's recipients, by a writer nobody enrolled
      const manifest = { id: newSnapshotId(), time: at(30 + i), writer: 'A'.repeat(26) } as unknown as Manifest;
      puts.push(agent.put(snapshotKey(manifest.time, manifest.id), sealSnapshot(manifest, randomBytes(32), []), lock));
    }
    for (let i = 0; i < 3; i++) {
      const key = snapshotKey(at(40 + i), newSnapshotId());
      big.add(key);
      puts.push(agent.put(key, randomBytes(5 * MiB), lock));
    }
    await Promise.all(puts);

    const reader = await openVault(owner, v.identity, tempDir());
    const look = async (config = reader.config) => {
      const counted = countingReads(owner, 'snapshots/', (key) => big.has(key));
      const listing = await listSnapshots(counted.store, config, v.identity, { cacheDir: reader.cacheDir });
      return { listing, counted };
    };
    const first = await look();
    expect(first.listing.snapshots.map((s) => s.id)).toEqual([real.snapshot]);
    expect(first.listing.tampered).toHaveLength(31);
    expect(first.listing.tampered.filter((t) => t.includes('signed by unknown writer AAAA'))).toHaveLength(4);
    expect(first.counted.reads()).toBe(32);
    expect(first.counted.mostAtOnce()).toBeLessThanOrEqual(8);
    expect(first.counted.mostAtOnce(true)).toBe(1);

    // The next look reads nothing and still reports every refused object.
    const second = await look();
    expect(second.counted.reads()).toBe(0);
    expect(second.listing.tampered.sort()).toEqual(first.listing.tampered.sort());
    expect(second.listing.snapshots.map((s) => s.id)).toEqual([real.snapshot]);

    // A change of writers (an enrollment) judges the refused objects again; the opened one stays opened.
    const enrolled = { ...reader.config, writers: [...reader.config.writers, { ...reader.config.writers[0]!, id: 'B'.repeat(26), label: 'another agent' }] };
    const third = await look(enrolled);
    expect(third.counted.reads()).toBe(31);
    expect(third.listing.snapshots.map((s) => s.id)).toEqual([real.snapshot]);
    await reader.close();
  });

  it('under its index prefix: judged a few at a time, never kept on the operator\'s disk, downloaded once', async () => {
    const { owner, v, agent } = await agentWithOneBackup();

    const prefix = writerIndexPrefix(v.writer.enrollment.writerId);
    const big = new Set<string>();
    const puts: Promise<void>[] = [];
    for (let i = 0; i < 20; i++) puts.push(agent.put(`${prefix}${randomBytes(32).toString('hex')}`, randomBytes(16 * 1024), lock));
    for (let i = 0; i < 2; i++) {
      const key = `${prefix}${randomBytes(32).toString('hex')}`;
      big.add(key);
      puts.push(agent.put(key, randomBytes(5 * MiB), lock));
    }
    await Promise.all(puts);

    const reader = await openVault(owner, v.identity, tempDir());
    const indexKey = new VaultKeys(Buffer.from(v.writer.dedupSecret, 'base64')).indexKey;
    const cacheDir = tempDir();
    const load = async () => {
      const counted = countingReads(owner, 'index/', (key) => big.has(key));
      const index = await loadIndex(counted.store, indexKey, reader.config.writers, cacheDir, v.identity.decryptionSecret);
      return { index, counted };
    };
    const first = await load();
    expect(first.index.damagedSegments).toHaveLength(22);
    expect(first.counted.reads()).toBeGreaterThan(22);
    expect(first.counted.mostAtOnce()).toBeLessThanOrEqual(8);
    expect(first.counted.mostAtOnce(true)).toBe(1);
    // Only segments that opened are kept on disk.
    expect(readdirSync(cacheDir).filter((f) => f !== 'opened.bin' && !f.endsWith('.sealed'))).toHaveLength(first.counted.reads() - 22);

    const second = await load();
    expect(second.counted.reads()).toBe(0);
    expect(second.index.damagedSegments.map((d) => d.key).sort()).toEqual(first.index.damagedSegments.map((d) => d.key).sort());
    await reader.close();
  });
});
