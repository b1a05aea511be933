import { describe, expect, it } from 'vitest';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { lockedBucket } from '../helpers/s3.js';
import { agentClient, agentStore } from '../helpers/agent-s3.js';
import { makeVault, tempDir } from '../helpers/vault.js';
import { backup } from '../../src/ops/backup/backup.js';
import { openVault } from '../../src/ops/open-vault.js';
import { restore } from '../../src/ops/restore/restore.js';
import { checkVault } from '../../src/ops/inspect/check.js';
import { enrollWriter } from '../../src/ops/vault-admin/enroll-writer.js';
import { parseSourceSpec } from '../../src/sources/spec.js';
import { FileStore } from '../../src/storage/file-store.js';
import { parseSealedIdentity, unsealIdentity } from '../../src/keys/sealed-identity.js';
import { sealSegment } from '../../src/vault/index-segment.js';
import { VaultKeys } from '../../src/vault/vault-keys.js';
import { keyKind, writerIndexPrefix } from '../../src/vault/key-grammar.js';
import type { BlobStore } from '../../src/storage/blob-store.js';
import type { WriterCredential } from '../../src/keys/writer-credential.js';
import { DAY_MS, systemClock } from '../../src/util/clock.js';

/** What a store was asked: every key read and every prefix listed. */
function watched(store: BlobStore): { store: BlobStore; gets: string[]; lists: string[] } {
  const seen = { gets: [] as string[], lists: [] as string[] };
  const proxy = new Proxy(store, {
    get(target, name) {
      const value = Reflect.get(target, name) as unknown;
      if (name === 'get') return (key: string, opts?: object) => (seen.gets.push(key), target.get(key, opts as never));
      if (name === 'list') return (prefix: string) => (seen.lists.push(prefix), target.list(prefix));
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { store: proxy, ...seen };
}

const run = (store: BlobStore, credential: WriterCredential, src: string, cacheRoot: string) =>
  backup({ store, credential, sources: [parseSourceSpec(`app=dir:${src}`)], excludes: [], tags: [], clock: systemClock, cacheRoot });

/** A segment signed by `cred` with one record, put under `key` (or where the writer would put it). */
async function forgedSegment(cred: WriterCredential, n: number): Promise<{ key: string; bytes: Buffer }> {
  const keys = new VaultKeys(Buffer.from(cred.dedupSecret, 'base64'));
  const pack = { id: randomBytes(32).toString('hex'), size: 1000 + n, retainUntil: new Date().toISOString(), blobs: [[randomBytes(32).toString('hex'), 'data', 0, 100, 100]] as never, recipients: [] };
  return sealSegment({ packs: [pack], extended: [] }, keys.indexKey, { writerId: cred.enrollment.writerId, seed: Buffer.from(cred.writerSecret, 'base64') });
}

describe('each agent reads only its own index segments (index/<writer>/)', () => {
  it('a vault written before 0.4 (flat index/<sha>): the first backup reads the flat segments once, dedups, and republishes its records under its prefix', async () => {
    const fixture = fileURLToPath(new URL('../fixtures/vault-flat-index/', import.meta.url));
    const root = join(tempDir(), 'store');
    cpSync(join(fixture, 'store'), root, { recursive: true });
    const src = join(tempDir(), 'source');
    cpSync(join(fixture, 'source'), src, { recursive: true });
    const credential = JSON.parse(readFileSync(join(fixture, 'writer.json'), 'utf8')) as WriterCredential;
    const cacheRoot = tempDir();
    const flatKeys = (await (await FileStore.open(root)).list('index/')).map((v) => v.key);
    expect(flatKeys.length).toBeGreaterThan(0);
    expect(flatKeys.every((k) => /^index\/[0-9a-f]{64}$/.test(k))).toBe(true);

    const first = watched(await FileStore.open(root));
    const upgraded = await run(first.store, credential, src, cacheRoot);
    expect(first.gets.filter((k) => k.startsWith('index/')).sort()).toEqual(flatKeys.sort()); // read once
    // The large file's chunks were found in the flat segments: only small blobs (never in a writer's view) and index went up.
    expect(upgraded.bytesAdded).toBeLessThan(40_000);
    const own = (await (await FileStore.open(root)).list(writerIndexPrefix(credential.enrollment.writerId))).map((v) => v.key);
    expect(own.length).toBeGreaterThanOrEqual(2); // the republished records and this backup's segment
    expect(own.every((k) => keyKind(k) === 'index')).toBe(true);

    writeFileSync(join(src, 'etc/app/config.yaml'), 'replicas: 5\n');
    const second = watched(await FileStore.open(root));
    const next = await run(second.store, credential, src, tempDir()); // a fresh cache: everything comes from its prefix
    expect(second.lists.filter((p) => p.startsWith('index/'))).toEqual([writerIndexPrefix(credential.enrollment.writerId)]);
    expect(second.lists.filter((p) => p.startsWith('data/'))).toEqual([]); // a fresh cache confirms no lock: each of its packs is looked up by its key, never the whole of data/ (R5-5)
    expect(second.gets.filter((k) => k.startsWith('index/')).every((k) => k.startsWith(writerIndexPrefix(credential.enrollment.writerId)))).toBe(true);
    expect(next.bytesAdded).toBeLessThan(40_000);

    const sealed = parseSealedIdentity(JSON.parse(readFileSync(join(fixture, 'identity.json'), 'utf8')), 'fixture identity');
    const reader = await openVault(await FileStore.open(root), await unsealIdentity(sealed, Buffer.from('fixture passphrase'), 'fixture identity'), tempDir());
    try {
      expect((await checkVault(reader, { readData: true })).problems).toEqual([]);
      const out = join(tempDir(), 'out');
      expect((await restore({ reader, snapshot: 'latest', path: 'app', target: out, dryRun: false, overwrite: false })).failures).toEqual([]);
      expect(readFileSync(join(out, 'etc/app/large.bin')).equals(readFileSync(join(src, 'etc/app/large.bin')))).toBe(true);
      expect(readFileSync(join(out, 'etc/app/config.yaml'), 'utf8')).toBe('replicas: 5\n');
    } finally {
      reader.close();
    }
  });

  it('on S3 under per-writer policies: a hijacked agent cannot write or read under another agent\'s prefix, and its flood costs that agent nothing', async () => {
    const bucket = await lockedBucket();
    const v = await makeVault({ store: bucket });
    const rogue = await enrollWriter({ store: bucket, identity: v.identity, label: 'hijacked', clock: systemClock });
    const src = tempDir();
    writeFileSync(join(src, 'app.yaml'), 'replicas: 3\n');
    writeFileSync(join(src, 'data.bin'), randomBytes(300_000));
    await run(bucket, v.writer, src, v.cacheRoot);
    const victimPrefix = writerIndexPrefix(v.writer.enrollment.writerId);
    const victimSegment = (await bucket.list(victimPrefix))[0]!.key;

    // The hijacked agent's own S3 keys, under the policy `vault policy --writer` prints for it.
    const agent = await agentStore(bucket, 30, rogue.enrollment.writerId);
    const client = agentClient();
    const put = async (key: string, bytes: Buffer) =>
      client.send(new PutObjectCommand({ Bucket: bucket.bucket, Key: bucket.location.prefix + key, Body: bytes, ObjectLockMode: 'COMPLIANCE', ObjectLockRetainUntilDate: new Date(Date.now() + DAY_MS) }));
    const planted = await forgedSegment(rogue, 0);
    await expect(put(`${victimPrefix}${planted.key.slice(-64)}`, planted.bytes)).rejects.toMatchObject({ name: 'AccessDenied' });
    await expect(put(`index/${planted.key.slice(-64)}`, planted.bytes)).rejects.toMatchObject({ name: 'AccessDenied' });
    await expect(client.send(new GetObjectCommand({ Bucket: bucket.bucket, Key: bucket.location.prefix + victimSegment }))).rejects.toMatchObject({ name: 'AccessDenied' });
    await put(planted.key, planted.bytes); // its own prefix: allowed
    expect(await agent.get(planted.key)).toEqual(planted.bytes);

    // Under a shared (pre-0.4) policy it could still write anywhere under index/: 60 flat segments and 5 in the victim's prefix.
    for (let i = 1; i <= 60; i++) {
      const s = await forgedSegment(rogue, i);
      await bucket.put(i <= 5 ? `${victimPrefix}${s.key.slice(-64)}` : `index/${s.key.slice(-64)}`, s.bytes, { retainUntil: new Date(Date.now() + DAY_MS) });
    }
    writeFileSync(join(src, 'app.yaml'), 'replicas: 4\n');
    const victim = watched(bucket);
    const result = await run(victim.store, v.writer, src, v.cacheRoot);
    expect(victim.lists.filter((p) => p.startsWith('index/'))).toEqual([victimPrefix]);
    expect(victim.lists).not.toContain('data/'); // its packs are known from the locks the server confirmed (its cache)
    expect(victim.gets.filter((k) => k.startsWith('index/') && !k.startsWith(victimPrefix))).toEqual([]);
    expect(result.bytesAdded).toBeLessThan(100_000); // data.bin still deduplicated against its own records

    // The segments planted in its prefix are named by check as forged, with the writer that signed them.
    const reader = await openVault(bucket, v.identity, tempDir());
    try {
      const problems = (await checkVault(reader, { readData: false })).problems.map((p) => p.message).join('\n');
      expect(problems).toMatch(new RegExp(`${victimPrefix}[0-9a-f]{64}`));
      expect(problems).toContain(rogue.enrollment.writerId);
    } finally {
      reader.close();
    }
  });
});
