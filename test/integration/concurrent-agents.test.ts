import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CliWorkspace } from '../helpers/cli.js';
import { s3Env, s3Store, s3Url, uniqueBucket } from '../helpers/s3.js';
import { parseSealedIdentity, unsealIdentity } from '../../src/keys/sealed-identity.js';
import { enrollWriter } from '../../src/ops/vault-admin/enroll-writer.js';
import { systemClock } from '../../src/util/clock.js';
import { openVault } from '../../src/ops/open-vault.js';
import { restore } from '../../src/ops/restore/restore.js';

const AGENTS = 8;

/** Every file under `dir`, relative path → bytes. */
function tree(dir: string, root = dir, out = new Map<string, Buffer>()): Map<string, Buffer> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) tree(path, root, out);
    else out.set(relative(root, path), readFileSync(path));
  }
  return out;
}

/**
 * Content every agent holds (the same vendored files, a shared base image) so that their backups
 * race to add the same blobs, and content of its own.
 */
function agentSource(dir: string, i: number, shared: { small: Buffer[]; big: Buffer }): void {
  mkdirSync(join(dir, 'vendor'), { recursive: true });
  mkdirSync(join(dir, 'own'), { recursive: true });
  shared.small.forEach((b, n) => writeFileSync(join(dir, 'vendor', `lib-${n}.js`), b));
  writeFileSync(join(dir, 'base.img'), shared.big);
  writeFileSync(join(dir, 'own', 'data.bin'), randomBytes(300_000 + i * 10_000));
  for (let n = 0; n < 20; n++) writeFileSync(join(dir, 'own', `cfg-${n}.yml`), `agent: ${i}\nitem: ${n}\n`);
}

describe('eight agents backing up into one vault on RGW at the same moment', () => {
  it('all succeed, check --read-data passes, and each snapshot restores byte-identical', async () => {
    const ws = new CliWorkspace(s3Url(uniqueBucket('agents'), 'fleet'), s3Env());
    await ws.setupQuick('--create-bucket');
    // The other seven enrolled in-process (one unlock, not seven): the operator's side is not under test here.
    const sealed = parseSealedIdentity(JSON.parse(readFileSync(join(ws.dir, 'id.json'), 'utf8')), 'id.json');
    const identity = await unsealIdentity(sealed, Buffer.from(ws.env.BULKHEAD_PASSPHRASE!), 'id.json');
    const writers = ['writer.json'];
    for (let i = 1; i < AGENTS; i++) {
      const credential = await enrollWriter({ store: s3Store(ws.store), identity, label: `agent-${i}`, clock: systemClock });
      writeFileSync(join(ws.dir, `writer-${i}.json`), JSON.stringify(credential), { mode: 0o600 });
      writers.push(`writer-${i}.json`);
    }
    const shared = { small: Array.from({ length: 40 }, (_, n) => Buffer.from(`module.exports = ${n};\n${'x'.repeat(500 + n * 37)}\n`)), big: randomBytes(1_500_000) };
    // Each agent: its own working folder, cache folder and process, as on separate hosts.
    const agents = writers.map((writer, i) => {
      const agent = new CliWorkspace(ws.store, s3Env());
      agentSource(join(agent.dir, 'src'), i, shared);
      return { agent, writer: join(ws.dir, writer), src: join(agent.dir, 'src') };
    });
    // One agent backs up first: the base image is then in the vault. That agent dedups against it;
    // the others store it again (an agent dedups only against its own records, so a hijacked one
    // cannot spoil another's backups: BlobIndex.dedupWriter). The vendored files are new to all eight.
    mkdirSync(join(ws.dir, 'seed'));
    writeFileSync(join(ws.dir, 'seed', 'base.img'), shared.big);
    // Through main() in this process: the eight concurrent processes below are the subject, not this one.
    const seed = await agents[0]!.agent.here(['backup', '--store', ws.store, '--writer', agents[0]!.writer, '--source', `base=dir:${join(ws.dir, 'seed')}`, '--json']);
    expect(seed.code, seed.stderr).toBe(0);
    const t0 = Date.now();
    const runs = await Promise.all(agents.map(({ agent, writer }) => agent.runAsync(['backup', '--store', ws.store, '--writer', writer, '--source', 'app=dir:src', '--json'])));
    const backupMs = Date.now() - t0;
    expect(runs.map((r) => (r.code === 0 ? 'ok' : `exit ${r.code}: ${r.stderr}`))).toEqual(Array(AGENTS).fill('ok'));
    const snapshots = runs.map((r) => (JSON.parse(r.stdout) as { snapshot: string }).snapshot);
    expect(new Set(snapshots).size).toBe(AGENTS);

    const added = runs.map((r) => (JSON.parse(r.stdout) as { bytesAdded: number }).bytesAdded);
    // The seeding agent's own base image is deduped; every other agent stores its 1.5 MB once.
    added.forEach((bytes, i) => (i === 0 ? expect(bytes).toBeLessThan(500_000) : expect(bytes).toBeGreaterThan(1_500_000)));
    const check = await ws.here(ws.operator('check', '--read-data', '--json'));
    expect(check.stderr).toBe('');
    expect(check.code).toBe(0);
    const checked = JSON.parse(check.stdout) as { ok: boolean; snapshots: number; problems: unknown[] };
    expect(checked).toMatchObject({ ok: true, snapshots: AGENTS + 1, problems: [] });

    // Restored in-process through one reader (eight CLI restores would each pay the identity's KDF).
    const reader = await openVault(s3Store(ws.store), identity, join(ws.dir, 'reader-cache'));
    for (const [i, snapshot] of snapshots.entries()) {
      const result = await restore({ reader, snapshot, path: 'app', target: join(ws.dir, `out-${i}`), dryRun: false, overwrite: false });
      expect({ failures: result.failures, refused: result.refused }).toEqual({ failures: [], refused: [] });
    }
    agents.forEach(({ src }, i) => {
      const want = tree(src);
      const got = tree(join(ws.dir, `out-${i}`));
      expect([...got.keys()].sort()).toEqual([...want.keys()].sort());
      for (const [path, bytes] of want) expect(got.get(path)!.equals(bytes), `${i}: ${path}`).toBe(true);
    });
    console.log(`${AGENTS} concurrent backups: ${backupMs} ms; bytes added per agent: ${added.join(', ')}`);
  });
});
