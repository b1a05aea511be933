/**
 * A wide writer's year (#14, scale): one agent backing up a whole organisation, SOURCES git sources
 * per snapshot (1,000 by default), a tenth of them changed each hour, and a pack list that grows by
 * one pack an hour from an initial full backup's. Running the real agent over 1,000 repositories
 * 8,760 times would take days, so the snapshots are written as the agent writes them (signed and
 * sealed by its enrolled key, stored under their keys) with the records a changed repository gets:
 * a new root, git manifest id and counts. Only what reads snapshots can use it (listings, posture's
 * manifest checks, the console's timeline): the trees and packs they name are not stored.
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
  const seed = Buffer.from(credential.writerSecret, 'base64');
  // Each source's version: the hour it last changed, replayed from a seeded order so a resumed run continues the same history.
  const versions = new Array<number>(shape.sources).fill(0);
  let previous: string | null = done > 0 ? readFileSync(previousFile, 'utf8') : null;
  const started = performance.now();
  for (let i = 0; i < shape.snapshots; i++) {
    for (let c = 0; c < shape.changedPerHour && i > 0; c++) versions[(i * 7919 + c * 104_729) % shape.sources] = i;
    if (i < done) continue;
    const sources: SourceRecord[] = versions.map((v, s) => record(s, v));
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

/** A git source's record at a version: what changes when its repository does (root, manifest, counts). */
function record(source: number, version: number): SourceRecord {
  const name = `repo-${String(source).padStart(4, '0')}`;
  return {
    kind: 'git',
    name,
    locator: `https://github.example.com/acme/${name}.git`,
    root: hexId('root', source, version),
    manifest: hexId('manifest', source, version),
    stats: { files: 1_200 + version, dirs: 140, bytes: 48_000_000 + version * 1_000 },
  };
}

async function recipientsOf(store: FileStore): Promise<Buffer[]> {
  const { config } = await loadConfig(store, await genesisCustodyKey(store));
  return config.body.recipients.map((r) => Buffer.from(r.publicKey, 'base64'));
}
