import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lockedBucket } from '../helpers/s3.js';
import { agentStore } from '../helpers/agent-s3.js';
import { countingReads } from '../helpers/counting-store.js';
import { makeVault, tempDir } from '../helpers/vault.js';
import { backup } from '../../src/ops/backup/backup.js';
import { enrollWriter } from '../../src/ops/vault-admin/enroll-writer.js';
import { openVault } from '../../src/ops/open-vault.js';
import { parseSourceSpec } from '../../src/sources/spec.js';
import { listSnapshots, pickLatest } from '../../src/vault/snapshot-list.js';
import { ManifestBudget } from '../../src/vault/manifest-budget.js';
import { loadConfig } from '../../src/vault/load-config.js';
import { newSnapshotId, sealSnapshot, snapshotKey, type Manifest } from '../../src/vault/snapshot.js';
import { DAY_MS } from '../../src/util/clock.js';

/**
 * A hijacked agent signs snapshots that are valid in every way but their size: each manifest holds
 * tens of MiB of text no other snapshot shares (a host name of 46 MiB, 700,000 invented pack ids).
 * Every operator verb kept every opened manifest in memory and in its sealed snapshot cache: twelve
 * such snapshots (768 MB on the store) made the cache one string past V8's limit, and `snapshots`,
 * posture, the console and a restore of ANOTHER source failed ("Invalid string length") after
 * downloading them again each time. Each writer is now charged for the distinct text its manifests
 * add, and refused past its budget (256 MiB; here lowered to 1 MiB, so that 200 KB hosts prove it).
 */
describe('snapshots of many MiB of distinct manifest text, signed by a hijacked agent', () => {
  it('are refused past its writer\'s budget, judged once; its earlier snapshots and another writer\'s stay', async () => {
    const owner = await lockedBucket();
    const v = await makeVault({ store: owner });
    const agent = await agentStore(owner, 30, v.writer.enrollment.writerId);
    const src = tempDir();
    writeFileSync(join(src, 'deploy.yaml'), 'replicas: 3\n');
    const run = (store: typeof owner, credential: typeof v.writer, spec: string) =>
      backup({ store, credential, sources: [parseSourceSpec(spec)], excludes: [], tags: [], clock: v.clock, cacheRoot: tempDir() });
    const before = await run(agent, v.writer, `cfg=dir:${src}`);
    // another agent, another writer: its database dump must stay restorable
    const other = await enrollWriter({ store: owner, identity: v.identity, label: 'db-host', clock: v.clock });

    // the attack: valid, signed, sealed to the recipients, put with the agent's own keys
    const { config } = await loadConfig(owner, Buffer.from(v.writer.custodyPublic, 'base64'));
    const recipients = config.body.recipients.map((r) => Buffer.from(r.publicKey, 'base64'));
    const forged: string[] = [];
    for (let i = 0; i < 6; i++) {
      const time = new Date().toISOString();
      const manifest: Manifest = {
        id: newSnapshotId(), time, host: randomBytes(100_000).toString('hex'), writer: v.writer.enrollment.writerId, agentVersion: 'x', previous: null, tags: [],
        sources: [{ kind: 'dir', name: 'cfg', locator: src, root: 'f'.repeat(64), stats: { files: 1, dirs: 0, bytes: 1 } }],
        stats: { bytesRead: 0, bytesAdded: 0, packs: [] },
      };
      await agent.put(snapshotKey(time, manifest.id), sealSnapshot(manifest, Buffer.from(v.writer.writerSecret, 'base64'), recipients), { retainUntil: new Date(Date.now() + DAY_MS) });
      forged.push(manifest.id);
    }
    const after = await run(owner, other, "db=stream:printf 'dump'");

    const reader = await openVault(owner, v.identity, tempDir());
    const look = async () => {
      const counted = countingReads(owner, 'snapshots/');
      return { listing: await listSnapshots(counted.store, reader.config, v.identity, { cacheDir: reader.cacheDir, budget: new ManifestBudget(1024 * 1024) }), reads: counted.reads() };
    };
    const first = await look();
    const ids = first.listing.snapshots.map((s) => s.id);
    // its honest snapshot (stored first) and the other writer's are kept; of the forged, what fits
    expect(ids).toContain(before.snapshot);
    expect(ids).toContain(after.snapshot);
    // (judged a few at once, so which five is the order they arrived in)
    expect(ids.filter((id) => forged.includes(id))).toHaveLength(5);
    const refused = forged.find((id) => !ids.includes(id))!;
    expect(first.listing.tampered).toEqual([expect.stringMatching(new RegExp(`^snapshots/\\S+-${refused}: its writer's snapshots hold more than 1.00 MiB of distinct manifest text \\(this one 195\\.\\d KiB`))]);
    expect(pickLatest(first.listing.snapshots.filter((s) => s.manifest.sources.some((x) => x.name === 'db'))).snap.id).toBe(after.snapshot);
    // what posture warns of: the hijacked writer near its budget, the other far below it
    expect(first.listing.manifestText.most).toBe(1024 * 1024);
    expect(first.listing.manifestText.byWriter.get(v.writer.enrollment.writerId)).toBeGreaterThan(900 * 1024);
    expect(first.listing.manifestText.byWriter.get(other.enrollment.writerId)).toBeLessThan(8 * 1024);

    // the verdicts are kept: the next look downloads none of them, and says the same
    const second = await look();
    expect(second.reads).toBe(0);
    expect(second.listing.tampered).toEqual(first.listing.tampered);
    expect(second.listing.snapshots.map((s) => s.id)).toEqual(ids);
    // each writer's charge carried from the cache, as the first look counted it
    expect(second.listing.manifestText.byWriter).toEqual(first.listing.manifestText.byWriter);
    await reader.close();
  });
});
