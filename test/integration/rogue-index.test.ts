import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { DeleteObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { lockedBucket, rawClient } from '../helpers/s3.js';
import { makeVault, tempDir, type TestVault } from '../helpers/vault.js';
import { backup } from '../../src/ops/backup/backup.js';
import { openVault } from '../../src/ops/open-vault.js';
import { restore } from '../../src/ops/restore/restore.js';
import { checkVault } from '../../src/ops/inspect/check.js';
import { revokeWriter } from '../../src/ops/vault-admin/vault-admin.js';
import { enrollWriter } from '../../src/ops/vault-admin/enroll-writer.js';
import { parseSourceSpec } from '../../src/sources/spec.js';
import { loadIndex } from '../../src/vault/load-index.js';
import { packKey, type BlobIndex } from '../../src/vault/blob-index.js';
import { sealSegment, type PackRecord } from '../../src/vault/index-segment.js';
import { VaultKeys } from '../../src/vault/vault-keys.js';
import { configKey } from '../../src/vault/config.js';
import { listResolved } from '../../src/vault/listing.js';
import type { WriterCredential } from '../../src/keys/writer-credential.js';
import type { S3Store } from '../../src/storage/s3/s3-store.js';
import { DAY_MS, fixedClock, type Clock } from '../../src/util/clock.js';

/**
 * A hijacked agent: everything here is done with the writer credential (WRITER.json) and the
 * store alone, never the operator's identity. Its index records are hints a reader verifies and a
 * writer trusts only while the writer that signed them is enrolled and not revoked.
 */
class Attacker {
  readonly keys: VaultKeys;
  constructor(
    readonly store: S3Store,
    readonly cred: WriterCredential,
  ) {
    this.keys = new VaultKeys(Buffer.from(cred.dedupSecret, 'base64'));
  }

  index(): Promise<BlobIndex> {
    return loadIndex(this.store, this.keys.indexKey);
  }

  /** Writes an index segment: signed with the stolen writer key (format 2) or unsigned (format 1). */
  async forge(packs: PackRecord[], signed: boolean, extended: { id: string; retainUntil: string }[] = []): Promise<string> {
    const signer = signed ? { writerId: this.cred.enrollment.writerId, seed: Buffer.from(this.cred.writerSecret, 'base64') } : undefined;
    const { key, bytes } = await sealSegment({ packs, extended }, this.keys.indexKey, signer);
    await this.store.put(key, bytes, { retainUntil: new Date(Date.now() + DAY_MS) });
    return key;
  }
}

/** A record claiming `blob` lives in `pack` at another blob's place; wider recipients so readers try it first. */
function lie(index: BlobIndex, blob: string, pack: string, at: string, recipients: string[]): PackRecord {
  const loc = [...index.entries()].find(([id, l]) => id === at && l.pack === pack)![1];
  return { id: pack, size: index.packs.get(pack)!.size, retainUntil: '2030-01-01T00:00:00.000Z', blobs: [[blob, 'data', loc.offset, loc.length, loc.rawLength]], recipients: [...recipients, 'ZZZZ'] };
}

/** A vault on S3 with one real backup of a seed file, and the attacker holding its writer credential. */
async function seededVault(): Promise<{ v: TestVault; src: string; rogue: Attacker }> {
  const store = await lockedBucket();
  const v = await makeVault({ store });
  const src = tempDir();
  writeFileSync(join(src, 'seed.bin'), randomBytes(100_000));
  await run(v, v.writer, src);
  return { v, src, rogue: new Attacker(store, v.writer) };
}

function run(v: TestVault, credential: WriterCredential, src: string, clock: Clock = v.clock, cacheRoot = v.cacheRoot) {
  return backup({ store: v.store, credential, sources: [parseSourceSpec(`s=dir:${src}`)], excludes: [], tags: [], clock, cacheRoot });
}

async function restored(v: TestVault, snapshot: string): Promise<{ dir: string; failures: number }> {
  const reader = await openVault(v.store, v.identity, tempDir());
  const dir = join(tempDir(), 'out');
  try {
    const result = await restore({ reader, snapshot, path: 's', target: dir, dryRun: false, overwrite: false });
    return { dir, failures: result.failures.length };
  } finally {
    reader.close();
  }
}

async function newWriter(v: TestVault, old: WriterCredential): Promise<WriterCredential> {
  await revokeWriter({ store: v.store, identity: v.identity, clock: v.clock, writer: old.enrollment.writerId });
  return enrollWriter({ store: v.store, identity: v.identity, label: 'agent-2', clock: v.clock });
}

const recipientsOf = (index: BlobIndex) => [...[...index.packs.values()].find((p) => p.recipients)!.recipients!];

describe('a rogue writer forging index records, on S3 with Object Lock', () => {
  it('a re-pointed blob id: old snapshots still restore, check names the segment and the writer, a new writer backs up cleanly', async () => {
    const store = await lockedBucket();
    const v = await makeVault({ store });
    const src = tempDir();
    writeFileSync(join(src, 'a.bin'), randomBytes(200_000));
    writeFileSync(join(src, 'b.bin'), randomBytes(400_000));
    const first = await run(v, v.writer, src);

    const rogue = new Attacker(store, v.writer);
    const index = await rogue.index();
    const data = [...index.entries()].filter(([, l]) => l.type === 'data');
    const [victim, victimLoc] = data[0]!;
    const [other, otherLoc] = data.find(([, l]) => l.pack !== victimLoc.pack)!;
    const recipients = recipientsOf(index);
    const signedKey = await rogue.forge([lie(index, victim, otherLoc.pack, other, recipients)], true);
    const unsignedKey = await rogue.forge([lie(index, other, victimLoc.pack, victim, recipients)], false);

    const old = await restored(v, first.snapshot);
    expect(old.failures).toBe(0);
    for (const f of ['a.bin', 'b.bin']) expect(readFileSync(join(old.dir, f)).equals(readFileSync(join(src, f)))).toBe(true);

    const reader = await openVault(store, v.identity, tempDir());
    const check = await checkVault(reader, { readData: true });
    reader.close();
    const bad = check.problems.filter((p) => p.kind === 'index-location-bad');
    expect(bad.map((p) => p.segment).sort()).toEqual([signedKey, unsignedKey].sort());
    const signed = bad.find((p) => p.segment === signedKey)!;
    expect(signed).toMatchObject({ writer: v.writer.enrollment.writerId, pack: packKey(otherLoc.pack) });
    expect(signed.message).toContain(`vault revoke --writer ${v.writer.enrollment.writerId}`);
    expect(signed.message).toContain('test-agent');
    expect(bad.find((p) => p.segment === unsignedKey)!.message).toContain('unsigned');
    expect(check.problems.filter((p) => p.kind === 'pack-damaged')).toEqual([]);

    const agent2 = await newWriter(v, v.writer);
    writeFileSync(join(src, 'c.bin'), randomBytes(50_000));
    const second = await run(v, agent2, src);
    expect(second.bytesAdded).toBeGreaterThan(600_000); // the revoked writer's records are not reused: stored again, once
    const now = await restored(v, second.snapshot);
    expect(now.failures).toBe(0);
    for (const f of ['a.bin', 'b.bin', 'c.bin']) expect(readFileSync(join(now.dir, f)).equals(readFileSync(join(src, f)))).toBe(true);
    expect((await run(v, agent2, src)).bytesAdded).toBeLessThan(10_000); // and dedups against its own from then on
  });

  it('a record claiming a blob gigabytes long is never fetched: restore and check go on, check names it', async () => {
    const { v, src, rogue } = await seededVault();
    const index = await rogue.index();
    const [victim, loc] = [...index.entries()].find(([, l]) => l.type === 'data')!;
    // In another pack claimed readable by more recipients (so tried first), 5 GB from its start.
    const other = [...index.packs.keys()].find((p) => p !== loc.pack)!;
    const huge = { id: other, size: index.packs.get(other)!.size, retainUntil: '2030-01-01T00:00:00.000Z', blobs: [[victim, 'data', 0, 5 * 1024 ** 3, loc.rawLength]] as PackRecord['blobs'], recipients: [...recipientsOf(index), 'ZZZZ'] };
    await rogue.forge([huge], true);
    let asked = 0;
    const watched = new Proxy(v.store, {
      get(target, name) {
        if (name === 'get') {
          return (key: string, opts?: { range?: { start: number; end: number } }) => {
            if (opts?.range) asked = Math.max(asked, opts.range.end - opts.range.start);
            return target.get(key, opts as never);
          };
        }
        const value = Reflect.get(target, name) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const reader = await openVault(watched, v.identity, tempDir());
    try {
      const snap = (await reader.snapshots()).snapshots[0]!;
      const out = join(tempDir(), 'out');
      const result = await restore({ reader, snapshot: snap.id, path: 's', target: out, dryRun: false, overwrite: false });
      expect(result.failures).toEqual([]);
      expect(readFileSync(join(out, 'seed.bin')).equals(readFileSync(join(src, 'seed.bin')))).toBe(true);
      // check tries every claimed location, the forged one included, and names it without reading it.
      const report = await checkVault(reader, { readData: true });
      expect(report.problems.filter((p) => p.kind === 'index-location-bad').map((p) => p.message)).toEqual([expect.stringMatching(/claims 5368709120 bytes, more than a data blob can be/)]);
      expect(asked).toBeLessThan(200 * 1024 * 1024);
    } finally {
      reader.close();
    }
  });

  it('pre-poisoning: a record for content not yet backed up; after revoking that writer, a new writer stores it', async () => {
    const { v, src, rogue } = await seededVault();
    const future = Buffer.from('deploy_key: the next thing this agent will back up\n');
    const index = await rogue.index();
    const [at, loc] = [...index.entries()].find(([, l]) => l.type === 'data')!;
    await rogue.forge([lie(index, rogue.keys.blobId(future), loc.pack, at, recipientsOf(index))], true);

    writeFileSync(join(src, 'future.yaml'), future);
    const poisoned = await run(v, v.writer, src); // the hijacked writer is still enrolled: its forged record is reused
    expect((await restored(v, poisoned.snapshot)).failures).toBe(1);

    const agent2 = await newWriter(v, v.writer);
    const clean = await run(v, agent2, src);
    const out = await restored(v, clean.snapshot);
    expect(out.failures).toBe(0);
    expect(readFileSync(join(out.dir, 'future.yaml')).equals(future)).toBe(true);
  });

  it('pre-poisoning another agent: a record for content that agent will back up never stops it storing that content', async () => {
    const { v, rogue } = await seededVault();
    // Another agent of the same vault, enrolled and never hijacked; the rogue stays enrolled.
    const honest = await enrollWriter({ store: v.store, identity: v.identity, label: 'honest-agent', clock: v.clock });
    const common = Buffer.from('"lodash": "4.17.21" -- content any agent can guess another will back up\n');
    const index = await rogue.index();
    const [at, loc] = [...index.entries()].find(([, l]) => l.type === 'data')!;
    await rogue.forge([lie(index, rogue.keys.blobId(common), loc.pack, at, recipientsOf(index))], true);

    const theirs = tempDir();
    writeFileSync(join(theirs, 'package-lock.json'), common);
    const result = await run(v, honest, theirs, v.clock, tempDir()); // its own host, its own cache
    const out = await restored(v, result.snapshot);
    expect(out.failures).toBe(0);
    expect(readFileSync(join(out.dir, 'package-lock.json')).equals(common)).toBe(true);
  });

  it('a signed record naming a pack that was never stored neither fails the agent\'s backups nor poisons them', async () => {
    const { v, src, rogue } = await seededVault();
    const future = randomBytes(4000); // one blob (no larger than the chunker's minimum), so its id is known ahead
    const index = await rogue.index();
    const ghost = 'f'.repeat(64);
    const record = { id: ghost, size: 1000, retainUntil: '2030-01-01T00:00:00.000Z', blobs: [[rogue.keys.blobId(future), 'data', 0, 4100, future.length]], recipients: recipientsOf(index) } as PackRecord;
    await rogue.forge([record], true);

    writeFileSync(join(src, 'future.bin'), future);
    const next = await run(v, v.writer, src); // the hijacked writer is still enrolled and signed the record
    const out = await restored(v, next.snapshot);
    expect(out.failures).toBe(0);
    expect(readFileSync(join(out.dir, 'future.bin')).equals(future)).toBe(true);
  });

  it('a record claiming a pack is locked until 2999 does not stop the agent extending it, with or without its cache', async () => {
    const store = await lockedBucket();
    const clock = fixedClock(new Date());
    const day0 = clock.now().getTime();
    const v = await makeVault({ store, clock });
    const src = tempDir();
    writeFileSync(join(src, 'a.bin'), randomBytes(300_000));
    await run(v, v.writer, src);

    const rogue = new Attacker(store, v.writer);
    const index = await rogue.index();
    const packs = [...index.packs.values()];
    const far = '2999-01-01T00:00:00.000Z';
    await rogue.forge(packs.map((p) => ({ id: p.id, size: p.size, retainUntil: far, blobs: [], recipients: recipientsOf(index) })), true, packs.map((p) => ({ id: p.id, retainUntil: far })));
    const { objects } = await listResolved(store, 'data/');
    const lockOf = async (id: string) => (await store.head(packKey(id), objects.get(packKey(id))!.versionId))!.retainUntil!.getTime();

    clock.advance(40 * DAY_MS);
    await run(v, v.writer, src);
    for (const p of packs) expect(await lockOf(p.id)).toBeGreaterThanOrEqual(day0 + 70 * DAY_MS);
    for (const p of packs) expect(await lockOf(p.id)).toBeLessThanOrEqual(day0 + (70 + 3 + 1) * DAY_MS); // never past now + days + margin, rounded up to a whole UTC day

    // A lost cache: no confirmed dates, so every pack the snapshot reuses is extended once. (Small
    // blobs, here the tree, are stored again by an agent without its cache: their old pack is no
    // longer needed, so only packs of blobs in the shared index are reused.)
    clock.advance(40 * DAY_MS);
    await run(v, v.writer, src, clock, tempDir('bulkhead-cache-'));
    const reused = new Set([...index.entries()].map(([, loc]) => loc.pack));
    expect(reused.size).toBeGreaterThan(0);
    for (const p of reused) expect(await lockOf(p)).toBeGreaterThanOrEqual(day0 + 110 * DAY_MS);
  });

  it('a delete marker, or an overwrite locked for years, on the active config: the next backup extends its first version', async () => {
    for (const attack of ['delete-marker', 'overwrite'] as const) {
      const store = await lockedBucket();
      const clock = fixedClock(new Date());
      const day0 = clock.now().getTime();
      const v = await makeVault({ store, clock });
      const src = tempDir();
      writeFileSync(join(src, 'a.txt'), 'hello\n');
      await run(v, v.writer, src);
      const key = configKey(2); // init wrote 1, enrolling the writer wrote 2
      const firstVersion = (await listResolved(store, key)).objects.get(key)!.versionId;
      const s3 = rawClient();
      if (attack === 'delete-marker') await s3.send(new DeleteObjectCommand({ Bucket: store.bucket, Key: key }));
      else {
        const until = new Date(day0 + 1000 * DAY_MS);
        await s3.send(new PutObjectCommand({ Bucket: store.bucket, Key: key, Body: Buffer.from('{}'), ObjectLockMode: 'GOVERNANCE', ObjectLockRetainUntilDate: until }));
      }
      clock.advance(40 * DAY_MS);
      await run(v, v.writer, src);
      const lock = (await store.head(key, firstVersion))!.retainUntil!.getTime();
      expect(lock, attack).toBeGreaterThanOrEqual(day0 + 70 * DAY_MS);
    }
  });
});
