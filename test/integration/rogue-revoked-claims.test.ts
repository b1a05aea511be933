import { describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeVault, tempDir } from '../helpers/vault.js';
import { CliWorkspace } from '../helpers/cli.js';
import { backup } from '../../src/ops/backup/backup.js';
import { openVault } from '../../src/ops/open-vault.js';
import { posture } from '../../src/ops/inspect/posture.js';
import { chooseSnapshot } from '../../src/ops/snapshot-ref.js';
import { snapshotAnomalies } from '../../src/ops/inspect/anomalies.js';
import { enrollWriter } from '../../src/ops/vault-admin/enroll-writer.js';
import { revokeWriter } from '../../src/ops/vault-admin/vault-admin.js';
import { parseSourceSpec } from '../../src/sources/spec.js';
import type { WriterCredential } from '../../src/keys/writer-credential.js';
import { DAY_MS, fixedClock, systemClock, type Clock } from '../../src/util/clock.js';
import { createConsoleHost } from '../../src/host/console/console-host.js';
import { defaultHost } from '../../src/host/context.js';
import type { SnapshotView } from '../../src/api/browse-methods.js';
import { consoleClient } from '../helpers/console-client.js';
import { incidentLineages, uncomparedSources } from '../../renderer/src/incident/lineages.js';

/** The console's snapshot list, through its one entry point as the UI calls it. */
async function consoleSnapshots(store: string, identityPath: string, passphrase: string): Promise<SnapshotView[]> {
  const dir = tempDir('bulkhead-console-');
  const core = createConsoleHost({ ...defaultHost(), cacheRoot: join(dir, 'cache') }, join(dir, 'console.db'));
  try {
    const { ok } = consoleClient(core);
    const { id } = await ok('vaults.add', { name: 'prod', url: store, identityPath });
    await ok('session.unlock', { identity: { path: identityPath }, passphrase });
    return (await ok('snapshots.list', { vaultId: id })).snapshots;
  } finally {
    core.close();
  }
}

/**
 * A hijacked agent signs a copy of another agent's source (a poisoned `prod-db`): while both writers
 * are enrolled the source has no "latest" (rogue-lineage.test.ts). Here the operator does what
 * posture advises, revokes the hijacked one; and a copy that makes a source contested must not drop
 * it, unseen, from a drill or from what `restore latest` says it left out.
 */
describe('a hijacked agent\'s copy of another agent\'s source', () => {
  it('revoking the hijacked agent never makes its poisoned copy "latest", nor the source look fresh', async () => {
    const v = await makeVault();
    const web = await enrollWriter({ store: v.store, identity: v.identity, label: 'web-agent', clock: v.clock });
    const cacheFor = new Map<WriterCredential, string>();
    const run = (credential: WriterCredential, spec: string, clock: Clock = systemClock) =>
      backup({ store: v.store, credential, sources: [parseSourceSpec(spec)], excludes: [], tags: [], clock, cacheRoot: cacheFor.get(credential) ?? (cacheFor.set(credential, tempDir()).get(credential))! });
    // The database agent's last real dump is two days old; the web agent forges a fresh one.
    const real = await run(v.writer, 'prod-db=stream:printf real-dump', fixedClock(new Date(Date.now() - 2 * DAY_MS)));
    const poisoned = await run(web, "prod-db=stream:printf 'real-dump; CREATE USER backdoor'");
    await revokeWriter({ store: v.store, identity: v.identity, clock: v.clock, writer: 'web-agent' });

    const reader = await openVault(v.store, v.identity, tempDir());
    expect((await chooseSnapshot(reader, 'latest', 'prod-db')).snap.id).toBe(real.snapshot);
    const whole = await chooseSnapshot(reader, 'latest');
    expect(whole.snap.id).toBe(real.snapshot);
    expect(whole.skipped.map((k) => [k.snap.id, k.reasons])).toEqual([[poisoned.snapshot, [expect.stringMatching(/this copy is writer "web-agent"'s, a writer since revoked$/)]]]);
    const report = await posture({ store: v.store, reader, clock: systemClock, rpoHours: 24 });
    // Settled by the revocation: no longer a finding, and the age is still the database agent's.
    expect(report.findings.some((f) => f.code === 'contested-source')).toBe(false);
    expect(report.staleSources.map((s) => s.name)).toEqual(['prod-db']);
    expect(Date.now() - Date.parse(report.staleSources[0]!.newest)).toBeGreaterThan(47 * 3_600_000);
    await reader.close();
  });

  it('an inflated copy sets no level for the owner\'s own backups: they are not "lost" and stay latest once it is revoked', async () => {
    const v = await makeVault();
    const web = await enrollWriter({ store: v.store, identity: v.identity, label: 'web-agent', clock: v.clock });
    const cacheFor = new Map<WriterCredential, string>();
    const run = (credential: WriterCredential, spec: string) =>
      backup({ store: v.store, credential, sources: [parseSourceSpec(spec)], excludes: [], tags: [], clock: systemClock, cacheRoot: cacheFor.get(credential) ?? (cacheFor.set(credential, tempDir()).get(credential))! });
    await run(v.writer, 'prod-db=stream:seq 1 3000');
    const inflated = await run(web, 'prod-db=stream:seq 1 30000');
    const real = await run(v.writer, 'prod-db=stream:seq 1 3001');
    await revokeWriter({ store: v.store, identity: v.identity, clock: v.clock, writer: 'web-agent' });
    const reader = await openVault(v.store, v.identity, tempDir());
    expect((await snapshotAnomalies(reader)).get(real.snapshot)).toEqual([]);
    expect((await chooseSnapshot(reader, 'latest', 'prod-db')).snap.id).toBe(real.snapshot);
    expect((await chooseSnapshot(reader, 'latest')).snap.id).toBe(real.snapshot);
    expect((await chooseSnapshot(reader, inflated.snapshot)).snap.id).toBe(inflated.snapshot); // named by id, as given
    await reader.close();
  });

  it('a contested source is a failed drill step and named by restore latest, until the hijacked writer is revoked (the CLI, its main() in this process: the verbs are the subject, not the process)', async () => {
    const ws = new CliWorkspace();
    await ws.setupQuick(); // writer.json: "ci", the agent that will be hijacked
    await ws.hereOk(['vault', 'enroll', '--store', ws.store, '--identity', 'id.json', '--label', 'db-host', '--out', 'db.json']);
    mkdirSync(join(ws.dir, 'infra'));
    writeFileSync(join(ws.dir, 'infra/deploy.yaml'), 'replicas: 3\n');
    await ws.hereOk(['backup', '--store', ws.store, '--writer', 'db.json', '--source', 'orders=stream:seq 1 300']);
    await ws.hereOk(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', 'orders=stream:echo forged']);
    await ws.hereOk(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', `infra=dir:${join(ws.dir, 'infra')}`]);

    const drill = async (sandbox: string) => JSON.parse((await ws.here(['drill', 'run', 'full-blast', '--store', ws.store, '--identity', 'id.json', '--sandbox', sandbox, '--containment-confirmed', '--json'])).stdout) as { passed: boolean; steps: { source: string; ok: boolean; detail: string }[] };
    const before = await drill('sandbox-1');
    expect(before.passed).toBe(false);
    expect(before.steps.map((s) => [s.source, s.ok])).toEqual([['infra', true], ['orders', false]]);
    expect(before.steps[1]!.detail).toMatch(/orders is backed up by 2 writers: "db-host" \(first .*"ci" \(also .*nothing of it was restored/);
    const restored = await ws.here(ws.operator('restore', 'latest', '--target', 'out-1'));
    expect(restored.stderr).toMatch(/note: orders is not in [0-9a-f]{16} and has no latest: orders is backed up by 2 writers/);
    // The console's Incident: no group compares orders, so it is named as not compared, with why.
    const views = await consoleSnapshots(ws.store, join(ws.dir, 'id.json'), ws.env.BULKHEAD_PASSPHRASE!);
    expect(incidentLineages(views).flatMap((l) => l.sources.map((x) => x.name))).toEqual(['infra']);
    expect(uncomparedSources(views)).toEqual([{ name: 'orders', why: expect.stringMatching(/orders is backed up by writer "db-host" since .*; this copy is writer "ci"'s$/) }]);

    await ws.hereOk(['vault', 'revoke', '--store', ws.store, '--identity', 'id.json', '--writer', 'ci']);
    const after = await drill('sandbox-2');
    // ci's snapshots signed before its revocation stay trusted (infra), but its copy of orders is passed over.
    expect(after.steps.map((s) => [s.source, s.ok])).toEqual([['infra', true], ['orders', true]]);
    expect(after.passed).toBe(true);
    await ws.hereOk(ws.operator('restore', 'latest:orders', '--target', 'out-2'));
    const files = readdirSync(join(ws.dir, 'out-2'), { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    expect(files.map((f) => readFileSync(join(f.parentPath, f.name), 'utf8'))).toEqual([Array.from({ length: 300 }, (_, i) => `${i + 1}\n`).join('')]);
  });
});
