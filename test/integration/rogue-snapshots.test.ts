import { describe, expect, it } from 'vitest';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lockedBucket, s3Env, s3Url } from '../helpers/s3.js';
import { CHEAP_KDF, makeVault, tempDir, type TestVault } from '../helpers/vault.js';
import { CliWorkspace } from '../helpers/cli.js';
import { backup } from '../../src/ops/backup/backup.js';
import { openVault } from '../../src/ops/open-vault.js';
import { posture } from '../../src/ops/inspect/posture.js';
import { parseSourceSpec } from '../../src/sources/spec.js';
import { sealIdentity } from '../../src/keys/sealed-identity.js';
import { loadConfig } from '../../src/vault/load-config.js';
import { VaultKeys } from '../../src/vault/vault-keys.js';
import { encodeTree } from '../../src/vault/tree.js';
import { newSnapshotId, sealSnapshot, snapshotKey, type Manifest } from '../../src/vault/snapshot.js';
import type { S3Store } from '../../src/storage/s3/s3-store.js';
import { DAY_MS, fixedClock, systemClock, type Clock } from '../../src/util/clock.js';

interface Listed {
  id: string;
  time: string;
  storedAt: string;
  at: string;
  latest: boolean;
  files: number;
  warnings: string[];
  anomalies: { source: string | null; message: string }[];
}

/**
 * The hijacked agent: it holds only the writer credential and put rights. It can date a snapshot
 * as it likes, back up an emptied source, or sign a manifest whose stats claim files its trees lack.
 */
describe('snapshots a hijacked agent writes, on S3 with Object Lock', async () => {
  it('a snapshot dated 30 days ahead neither becomes latest nor hides a stale source; empty and forged ones are flagged and skipped', async () => {
    const store = await lockedBucket();
    const v = await makeVault({ store });
    const src = tempDir();
    mkdirSync(join(src, 'k8s'));
    for (let i = 0; i < 6; i++) writeFileSync(join(src, 'k8s', `svc-${i}.yaml`), `kind: Service\nname: s${i}\n`);
    const run = (dir: string, clock: Clock = systemClock) =>
      backup({ store, credential: v.writer, sources: [parseSourceSpec(`cfg=dir:${dir}`)], excludes: [], tags: [], clock, cacheRoot: v.cacheRoot });
    const real = await run(src);

    // (a) the agent's clock 30 days ahead: the snapshot would pin "latest" and look fresh for a month
    const ahead = await run(src, fixedClock(new Date(Date.now() + 30 * DAY_MS)));
    const ws = await operatorWorkspace(store, v);
    let listed = (await ws.hereJson<{ snapshots: Listed[]; latest: string }>(ws.operator('snapshots'))).snapshots;
    const future = listed.find((s) => s.id === ahead.snapshot)!;
    expect(future.at).toBe(future.storedAt); // placed when the store received it
    expect(Date.parse(future.time) - Date.parse(future.storedAt)).toBeGreaterThan(29 * DAY_MS);
    expect(future.warnings).toEqual([expect.stringMatching(/^dated .*, 7\d\d(\.\d)? h after the store received it/)]);
    expect(listed.find((s) => s.latest)!.id).toBe(real.snapshot);
    expect((await ws.hereOk(ws.operator('snapshots'))).stdout).toMatch(new RegExp(`${real.snapshot} \\*[^\\n]*\\n[^\\n]*${ahead.snapshot}[^\\n]*⚠ dated`));

    // two days on, with no backup since: stale, whatever the forged date says
    const reader = await openVault(store, v.identity, tempDir());
    const later = await posture({ store, reader, clock: fixedClock(new Date(Date.now() + 2 * DAY_MS)), rpoHours: 24 }).finally(() => reader.close());
    expect(later.staleSources).toEqual([expect.objectContaining({ name: 'cfg', newest: listed.find((s) => s.id === real.snapshot)!.at })]);
    expect(later.staleSources[0]!.ageHours).toBeGreaterThan(47);
    expect(later.untrustedSnapshots).toEqual([expect.stringMatching(new RegExp(`^${ahead.snapshot} .*after the store received it`))]);

    // (b) an emptied source backed up for real, then a signed manifest claiming 5000 files over it
    const empty = await run(tempDir());
    const forged = await forgeStats(store, v, 'cfg', 5000);
    listed = (await ws.hereJson<{ snapshots: Listed[]; latest: string }>(ws.operator('snapshots'))).snapshots;
    const anomalies = (id: string) => listed.find((s) => s.id === id)!.anomalies.map((a) => a.message);
    expect(anomalies(empty.snapshot)).toEqual(['cfg is empty: 0 files, down from 6']);
    expect(anomalies(forged)).toEqual(['cfg is empty: 0 files, down from 6', 'cfg claims 5000 files, its tree holds 0']);
    expect(listed.find((s) => s.id === forged)!.files).toBe(0); // counted from the tree, not the claim
    expect(listed.find((s) => s.latest)!.id).toBe(real.snapshot);
    expect((await ws.hereOk(ws.operator('snapshots'))).stdout).toMatch(/⚠ cfg claims 5000 files, its tree holds 0/);

    // restore latest: the last good snapshot, and it says what it passed over and how to pick one
    const restored = await ws.hereOk(ws.operator('restore', 'latest:cfg', '--target', 'out'));
    expect(readdirSync(join(ws.dir, 'out', 'k8s'))).toHaveLength(6);
    expect(restored.stderr).toMatch(new RegExp(`"latest" is ${real.snapshot} .*passed over 3 newer snapshots`));
    expect(restored.stderr).toMatch(new RegExp(`${forged} .*cfg claims 5000 files`));
    expect(restored.stderr).toMatch(new RegExp(`${empty.snapshot} .*cfg is empty`));
    expect(restored.stderr).toMatch(new RegExp(`${ahead.snapshot} .*after the store received it`));
    expect(restored.stderr).toMatch(new RegExp(`name it by id, e\\.g\\. ${forged}`));
    expect((await ws.hereOk(ws.operator('ls', 'latest'))).stdout).toMatch(new RegExp(`^snapshot ${real.snapshot} `, 'm'));

    // posture: the present state has anomalous snapshots, so it exits 6 (a finding) and names them
    const checked = await ws.here([...ws.operator('posture'), '--json']);
    expect(checked.code).toBe(6);
    const findings = (JSON.parse(checked.stdout) as { findings: { code: string; message: string }[] }).findings;
    expect(findings.filter((f) => f.code === 'anomalous-snapshot').map((f) => f.message)).toEqual([
      expect.stringMatching(new RegExp(`^anomalous snapshot ${empty.snapshot} .*cfg is empty`)),
      expect.stringMatching(new RegExp(`^anomalous snapshot ${forged} .*cfg claims 5000 files`)),
    ]);

    // another place's run (a database host's writer) is no recovery of cfg: the findings stand
    await backup({ store, credential: v.writer, sources: [parseSourceSpec("db=stream:printf 'dump'")], excludes: [], tags: [], clock: systemClock, cacheRoot: v.cacheRoot });
    const after = await ws.here([...ws.operator('posture'), '--json']);
    expect(after.code).toBe(6);
    expect((JSON.parse(after.stdout) as { findings: { code: string }[] }).findings.filter((f) => f.code === 'anomalous-snapshot')).toHaveLength(2);

    // named by id, the anomalous snapshot is what is restored, with what speaks against it
    const asked = await ws.hereOk(ws.operator('restore', `${forged}:cfg`, '--target', 'asked'));
    expect(readdirSync(join(ws.dir, 'asked'))).toEqual([]);
    expect(asked.stderr).toMatch(new RegExp(`snapshot ${forged} is used as named, although: cfg is empty`));
    expect(readFileSync(join(ws.dir, 'out', 'k8s', 'svc-0.yaml'), 'utf8')).toBe('kind: Service\nname: s0\n');
  });
});

describe('a snapshot a hijacked agent dates before the incident', async () => {
  it('is warned where the server sets the times, so the last good state before the incident is never it', async () => {
    const store = await lockedBucket();
    const v = await makeVault({ store });
    const src = tempDir();
    writeFileSync(join(src, 'app.yaml'), 'replicas: 3\n');
    const run = (clock: Clock) => backup({ store, credential: v.writer, sources: [parseSourceSpec(`cfg=dir:${src}`)], excludes: [], tags: [], clock, cacheRoot: v.cacheRoot });
    const honest = await run(fixedClock(new Date(Date.now() - 5 * 60_000))); // a clock a few minutes slow is no forgery
    const back = await run(fixedClock(new Date(Date.now() - 3 * DAY_MS)));
    const reader = await openVault(store, v.identity, tempDir());
    const { snapshots } = await reader.snapshots();
    reader.close();
    expect(snapshots.find((s) => s.id === honest.snapshot)!.warnings).toEqual([]);
    const forged = snapshots.find((s) => s.id === back.snapshot)!;
    expect(forged.at).toBe(forged.time); // placed where it claims, and flagged
    expect(forged.warnings).toEqual([expect.stringMatching(/but the store received it 7\d(\.\d)? h later .*backdated/)]);
  });
});

/**
 * The operator's CLI on the same bucket, with the vault's identity sealed to a file. It runs through
 * main() in this process (ws.here*): the subject is what the verbs say of the agent's snapshots, not
 * the process (a real process's exit 6 is seen in rogue-store.test.ts).
 */
async function operatorWorkspace(store: S3Store, v: TestVault): Promise<CliWorkspace> {
  const ws = new CliWorkspace(s3Url(store.bucket), s3Env());
  const sealed = await sealIdentity(v.identity, Buffer.from(ws.env.BULKHEAD_PASSPHRASE!), CHEAP_KDF);
  writeFileSync(join(ws.dir, 'id.json'), JSON.stringify(sealed));
  return ws;
}

/**
 * A manifest signed with the writer's key whose source record claims `files` files over the empty
 * tree (already in the vault from the emptied backup: the agent knows its keyed id).
 */
async function forgeStats(store: S3Store, v: TestVault, name: string, files: number): Promise<string> {
  const w = v.writer;
  const { config } = await loadConfig(store, Buffer.from(w.custodyPublic, 'base64'));
  const keys = new VaultKeys(Buffer.from(w.dedupSecret, 'base64'));
  const root = keys.blobId(encodeTree({ entries: [] }));
  const time = new Date().toISOString();
  const manifest: Manifest = {
    id: newSnapshotId(),
    time,
    host: 'ci',
    writer: w.enrollment.writerId,
    agentVersion: 'forged',
    sources: [{ kind: 'dir', name, locator: '/srv/cfg', root, stats: { files, dirs: 1, bytes: files * 1000 } }],
    previous: null,
    tags: [],
    stats: { bytesRead: files * 1000, bytesAdded: 0, packs: [] },
  };
  const recipients = config.body.recipients.map((r) => Buffer.from(r.publicKey, 'base64'));
  const bytes = sealSnapshot(manifest, Buffer.from(w.writerSecret, 'base64'), recipients);
  await store.put(snapshotKey(time, manifest.id), bytes, { retainUntil: new Date(Date.now() + 30 * DAY_MS) });
  return manifest.id;
}
