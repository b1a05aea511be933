import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeVault, tempDir } from '../helpers/vault.js';
import { backup } from '../../src/ops/backup/backup.js';
import { openVault } from '../../src/ops/open-vault.js';
import { posture } from '../../src/ops/inspect/posture.js';
import { chooseSnapshot } from '../../src/ops/snapshot-ref.js';
import { enrollWriter } from '../../src/ops/vault-admin/enroll-writer.js';
import { revokeWriter } from '../../src/ops/vault-admin/vault-admin.js';
import { parseSourceSpec } from '../../src/sources/spec.js';
import type { WriterCredential } from '../../src/keys/writer-credential.js';
import { DAY_MS, fixedClock, systemClock, type Clock } from '../../src/util/clock.js';

/**
 * Every enrolled agent holds the recipients' public keys and the dedup secret: a hijacked one can
 * sign a snapshot holding another agent's source, a poisoned `prod-db` dump that would become its
 * "latest" and make it look fresh while the real agent has stopped. A source's lineage is its name
 * as one writer backs it up; another writer's copy is never "latest" without being named.
 */
describe('a hijacked agent backs up another agent\'s source', () => {
  it('has no "latest" for that source, is passed over as the whole latest, cannot make it look fresh, and posture names both writers', async () => {
    const v = await makeVault();
    const web = await enrollWriter({ store: v.store, identity: v.identity, label: 'web-agent', clock: v.clock });
    const site = tempDir();
    writeFileSync(join(site, 'index.html'), '<h1>shop</h1>\n');
    const cacheFor = new Map<WriterCredential, string>();
    const run = (credential: WriterCredential, spec: string, clock: Clock = systemClock) =>
      backup({ store: v.store, credential, sources: [parseSourceSpec(spec)], excludes: [], tags: [], clock, cacheRoot: cacheFor.get(credential) ?? (cacheFor.set(credential, tempDir()).get(credential))! });

    // The database agent's last real dump is two days old; the web agent backs up its site, then forges a fresh "prod-db".
    const real = await run(v.writer, 'prod-db=stream:printf real-dump', fixedClock(new Date(Date.now() - 2 * DAY_MS)));
    const own = await run(web, `site=dir:${site}`);
    const poisoned = await run(web, "prod-db=stream:printf 'real-dump; CREATE USER backdoor'");

    const reader = await openVault(v.store, v.identity, tempDir());
    const ambiguous = chooseSnapshot(reader, 'latest', 'prod-db');
    await expect(ambiguous).rejects.toMatchObject({ code: 'AMBIGUOUS' });
    await expect(ambiguous).rejects.toThrow(new RegExp(`prod-db is backed up by 2 writers: "test-agent" \\(first since .*newest ${real.snapshot}\\), "web-agent" \\(also since .*newest ${poisoned.snapshot}\\).*may be hijacked`));
    const whole = await chooseSnapshot(reader, 'latest');
    expect(whole.snap.id).toBe(own.snapshot);
    expect(whole.skipped.map((k) => [k.snap.id, k.reasons])).toEqual([[poisoned.snapshot, [expect.stringMatching(/^prod-db is backed up by writer "test-agent" since .*; this copy is writer "web-agent"'s$/)]]]);
    // Named by id, the operator's choice is taken as given.
    expect((await chooseSnapshot(reader, real.snapshot, 'prod-db')).snap.id).toBe(real.snapshot);

    const report = await posture({ store: v.store, reader, clock: systemClock, rpoHours: 24 });
    expect(report.findings.filter((f) => f.code === 'contested-source').map((f) => f.message)).toEqual([expect.stringMatching(/^prod-db is backed up by 2 writers: .*its age and "latest" follow "test-agent"/)]);
    // The forged copy does not make prod-db look fresh: its age is the database agent's.
    expect(report.staleSources.map((s) => [s.name, s.newest])).toEqual([['prod-db', expect.any(String)]]);
    expect(Date.now() - Date.parse(report.staleSources[0]!.newest)).toBeGreaterThan(47 * 3_600_000);
    await reader.close();

    // An agent replaced on purpose: revoking the old writer hands its sources to the one that goes on.
    await revokeWriter({ store: v.store, identity: v.identity, clock: v.clock, writer: 'test-agent' });
    const after = await openVault(v.store, v.identity, tempDir());
    expect((await chooseSnapshot(after, 'latest', 'prod-db')).snap.id).toBe(poisoned.snapshot);
    expect((await posture({ store: v.store, reader: after, clock: systemClock, rpoHours: 24 })).findings.some((f) => f.code === 'contested-source')).toBe(false);
    await after.close();
  });
});
