/**
 * A wide writer's year (#14, scale): one agent backing up a whole organisation, SOURCES git sources
 * per snapshot (1,000 by default), a tenth of them changed each hour, and a pack list that grows by
 * one pack an hour from an initial full backup's. Running the real agent over 1,000 repositories
 * 8,760 times would take days, so each repository version's root tree and format 2 git manifest
 * (what the operator's counts read) are stored once through the real writer, which commits the
 * first snapshot, and the later ones are written as the agent writes them (signed and sealed by its
 * enrolled key, stored under their keys) with the records a changed repository gets: a new root,
 * git manifest id and stats. The mirrors' packs the trees name are not stored (no restore, no
 * `check --read-data`), nor the later snapshots' pack lists' packs (posture says so).
 * Resumable: a generator stopped half way goes on from the count it reached.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { RecoveryIdentity } from '../../src/keys/identity.js';
import { sealIdentity } from '../../src/keys/sealed-identity.js';
import { parseWriterCredential, type WriterCredential } from '../../src/keys/writer-credential.js';
import { FileStore } from '../../src/storage/file-store.js';
import { initVault } from '../../src/ops/vault-admin/init-vault.js';
import { enrollWriter } from '../../src/ops/vault-admin/enroll-writer.js';
import { genesisCustodyKey, loadConfig } from '../../src/vault/load-config.js';
import { newSnapshotId, sealSnapshot, snapshotKey, type Manifest, type SourceRecord } from '../../src/vault/snapshot.js';
import { BlobIndex } from '../../src/vault/blob-index.js';
import { VaultWriter } from '../../src/vault/writer.js';
import { encodeTree } from '../../src/vault/tree.js';
import { storeManifest } from '../../src/sources/git/store-manifest.js';
import type { GitManifest } from '../../src/sources/git/manifest.js';
import { VaultKeys } from '../../src/vault/vault-keys.js';
import { fixedClock } from '../../src/util/clock.js';
import { CHEAP_KDF } from '../helpers/vault.js';

const HOUR = 3_600_000;

export interface WideShape {
  snapshots: number;
  sources: number;
  /** Of the sources, how many change each hour. */
  changedPerHour: number;
  /** Packs the first snapshot names; each later one names one more. */
  initialPacks: number;
}

export interface WideVault {
  store: string;
  identity: string;
}

/** A stable 64-hex id for (what, n, version): the same inputs always give the same id. */
const hexId = (...parts: (string | number)[]): string => createHash('sha256').update(parts.join('/')).digest('hex');

export async function makeWideVault(dir: string, shape: WideShape, passphrase: string, log = (_: string) => {}): Promise<WideVault> {
  const paths = { store: join(dir, 'store'), identity: join(dir, 'identity.json'), writer: join(dir, 'writer.json') };
  const countFile = join(dir, 'count');
  const done = existsSync(countFile) ? Number(readFileSync(countFile, 'utf8')) : 0;
  if (done >= shape.snapshots) return paths;
  const start = new Date(Date.now() - (shape.snapshots + 1) * HOUR);
  let store: FileStore;
  let credential: WriterCredential;
  if (done === 0) {
    mkdirSync(dir, { recursive: true });
    store = await FileStore.create(paths.store);
    const identity = RecoveryIdentity.generate();
    writeFileSync(paths.identity, JSON.stringify(await sealIdentity(identity, Buffer.from(passphrase), CHEAP_KDF)));
    const clock = fixedClock(start);
    await initVault({ store, identity, retentionDays: 30, clock });
    credential = await enrollWriter({ store, identity, label: 'org-agent', clock });
    writeFileSync(paths.writer, JSON.stringify(credential));
  } else {
    store = await FileStore.open(paths.store);
    credential = parseWriterCredential(JSON.parse(readFileSync(paths.writer, 'utf8')), paths.writer);
  }
  const recipients = await recipientsOf(store);
  const previousFile = join(dir, 'previous');
  const started = performance.now();
  let previous: string | null = done > 0 ? readFileSync(previousFile, 'utf8') : null;
  const records = new Map<string, SourceRecord>();
  if (done === 0) {
    const { config } = await loadConfig(store, await genesisCustodyKey(store));
    const writer = new VaultWriter({ store, credential, config: config.body, index: new BlobIndex(), clock: fixedClock(new Date(start.getTime() + HOUR)), previousSnapshot: null });
    try {
      await replay(shape, async (_, changed) => {
        for (const [source, version] of changed) records.set(`${source}/${version}`, await storeVersion(writer, source, version));
      });
      const first = await writer.commit(Array.from({ length: shape.sources }, (_, s) => records.get(`${s}/0`)!), ['hourly'], 52_000_000_000);
      previous = createHash('sha256').update(first.bytes).digest('hex');
    } finally {
      await writer.close();
    }
    log(`  ${records.size} repository versions stored (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  } else {
    // The ids again without storing: blob ids are the dedup secret's keyed hashes of the same bytes.
    const keys = new VaultKeys(Buffer.from(credential.dedupSecret, 'base64'));
    const hashing: VersionSink = { add: async (_, plain) => keys.blobId(plain), reuse: () => false };
    await replay(shape, async (_, changed) => {
      for (const [source, version] of changed) records.set(`${source}/${version}`, await storeVersion(hashing, source, version));
    });
    keys.wipe();
  }
  const seed = Buffer.from(credential.writerSecret, 'base64');
  // Each source's version: the hour it last changed, replayed from a seeded order so a resumed run continues the same history.
  const versions = new Array<number>(shape.sources).fill(0);
  for (let i = 0; i < shape.snapshots; i++) {
    for (let c = 0; c < shape.changedPerHour && i > 0; c++) versions[(i * 7919 + c * 104_729) % shape.sources] = i;
    if (i < Math.max(done, 1)) continue;
    const sources: SourceRecord[] = versions.map((v, s) => records.get(`${s}/${v}`)!);
    const time = new Date(start.getTime() + (i + 1) * HOUR).toISOString();
    const packs = Array.from({ length: shape.initialPacks + i }, (_, p) => hexId('pack', p)).sort();
    const manifest: Manifest = {
      id: newSnapshotId(),
      time,
      host: 'org-backup-runner',
      writer: credential.enrollment.writerId,
      agentVersion: '0.1.0',
      sources,
      previous,
      tags: ['hourly'],
      stats: { bytesRead: 52_000_000_000, bytesAdded: 40_000_000, packs },
    };
    const bytes = sealSnapshot(manifest, seed, recipients);
    await store.put(snapshotKey(time, manifest.id), bytes, { retainUntil: new Date(Date.parse(time) + 30 * 24 * HOUR), lockMode: 'COMPLIANCE' });
    previous = createHash('sha256').update(bytes).digest('hex');
    if ((i + 1) % 250 === 0) {
      writeFileSync(previousFile, previous);
      writeFileSync(countFile, String(i + 1));
      log(`  ${i + 1} snapshots (${((performance.now() - started) / 1000).toFixed(0)} s)`);
    }
  }
  seed.fill(0);
  if (previous) writeFileSync(previousFile, previous);
  writeFileSync(countFile, String(shape.snapshots));
  return paths;
}

type VersionSink = Pick<VaultWriter, 'add' | 'reuse'>;

/** Calls `each` for every hour with the (source, version) pairs it changed: hour 0 every source at version 0. */
async function replay(shape: WideShape, each: (hour: number, changed: [number, number][]) => Promise<void>): Promise<void> {
  await each(0, Array.from({ length: shape.sources }, (_, s) => [s, 0]));
  for (let i = 1; i < shape.snapshots; i++) await each(i, Array.from({ length: shape.changedPerHour }, (_, c) => [(i * 7919 + c * 104_729) % shape.sources, i]));
}

/**
 * A repository at a version, stored as the git source stores it: a root tree of its bare mirror's
 * files (their packs' content not stored) and a format 2 manifest (refs inline, a files part that
 * changes with each version, a pipelines part shared by all); the record names both.
 */
async function storeVersion(sink: VersionSink, source: number, version: number): Promise<SourceRecord> {
  const name = `repo-${String(source).padStart(4, '0')}`;
  const head = hexId('commit', source, version).slice(0, 40);
  const files: [string, number][] = [['HEAD', 23], ['packed-refs', 180], [`objects/pack/pack-${head}.pack`, 48_000_000 + version * 1_000]];
  const root = await sink.add('tree', encodeTree({ entries: files.map(([path, size]) => ({ name: path.replaceAll('/', '_'), kind: 'file' as const, mode: 0o100644, mtime: 0, size, blobs: [hexId('blob', source, version, path)] })) }));
  const pipeline = { system: 'github-actions' as const, path: '.github/workflows/ci.yml', blob: hexId('ci', source).slice(0, 40), name: 'ci', triggers: ['push'], jobs: ['test'], valid: true };
  const m: GitManifest = {
    format: 'bulkhead-git-manifest/1',
    url: `https://github.example.com/acme/${name}.git`,
    head: 'refs/heads/main',
    defaultBranch: 'main',
    refs: { 'refs/heads/main': head, 'refs/tags/v1': hexId('tag', source).slice(0, 40) },
    files: [['.github/workflows/ci.yml', '100644', pipeline.blob, 420], ['README.md', '100644', hexId('readme', source, version).slice(0, 40), 1_200 + version]],
    pipelines: { main: [pipeline] },
  };
  const { id: manifest } = await storeManifest(sink, m, 0, undefined, new Map());
  const bytes = files.reduce((n, [, size]) => n + size, 0);
  return { kind: 'git', name, locator: m.url, root, manifest, stats: { files: files.length, dirs: 1, bytes } };
}

async function recipientsOf(store: FileStore): Promise<Buffer[]> {
  const { config } = await loadConfig(store, await genesisCustodyKey(store));
  return config.body.recipients.map((r) => Buffer.from(r.publicKey, 'base64'));
}
