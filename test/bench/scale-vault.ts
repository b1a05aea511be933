/**
 * A vault after a year of hourly backups (#14, scale): N snapshots written by the real agent
 * (`backup()` in process, a clock one hour further each time), each a small config folder with
 * one file changed per hour, so every snapshot adds a tree or two, a pack and an index segment,
 * as a real hourly agent does. Resumable: a generator stopped half way goes on from the count it
 * reached. The identity is sealed with the bench passphrase, the writer credential kept beside.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RecoveryIdentity } from '../../src/keys/identity.js';
import { sealIdentity } from '../../src/keys/sealed-identity.js';
import { parseWriterCredential } from '../../src/keys/writer-credential.js';
import { FileStore } from '../../src/storage/file-store.js';
import { initVault } from '../../src/ops/vault-admin/init-vault.js';
import { enrollWriter } from '../../src/ops/vault-admin/enroll-writer.js';
import { backup } from '../../src/ops/backup/backup.js';
import { parseSourceSpec } from '../../src/sources/spec.js';
import { fixedClock } from '../../src/util/clock.js';
import { CHEAP_KDF } from '../helpers/vault.js';

const HOUR = 3_600_000;

export interface ScaleVault {
  store: string;
  identity: string;
  writer: string;
  cache: string;
}

export async function makeScaleVault(dir: string, snapshots: number, passphrase: string, log = (_: string) => {}): Promise<ScaleVault> {
  const paths = { store: join(dir, 'store'), identity: join(dir, 'identity.json'), writer: join(dir, 'writer.json'), cache: join(dir, 'agent-cache') };
  const countFile = join(dir, 'count');
  const done = existsSync(countFile) ? Number(readFileSync(countFile, 'utf8')) : 0;
  if (done >= snapshots) return paths;
  // The year ends now: the last snapshot is an hour old, the first `snapshots` hours before it.
  const clock = fixedClock(new Date(Date.now() - (snapshots - done + 1) * HOUR));
  let store;
  let credential;
  if (done === 0) {
    mkdirSync(dir, { recursive: true });
    store = await FileStore.create(paths.store);
    const identity = RecoveryIdentity.generate();
    writeFileSync(paths.identity, JSON.stringify(await sealIdentity(identity, Buffer.from(passphrase), CHEAP_KDF)));
    await initVault({ store, identity, retentionDays: 30, clock });
    credential = await enrollWriter({ store, identity, label: 'hourly-agent', clock });
    writeFileSync(paths.writer, JSON.stringify(credential));
  } else {
    store = await FileStore.open(paths.store);
    credential = parseWriterCredential(JSON.parse(readFileSync(paths.writer, 'utf8')), paths.writer);
  }
  const src = join(dir, 'config');
  mkdirSync(join(src, 'k8s'), { recursive: true });
  writeFileSync(join(src, 'k8s', 'deploy.yaml'), 'apiVersion: apps/v1\nkind: Deployment\nspec:\n  replicas: 3\n');
  const spec = parseSourceSpec(`config=dir:${src}`);
  const started = performance.now();
  for (let i = done; i < snapshots; i++) {
    writeFileSync(join(src, 'state.json'), JSON.stringify({ hour: i, serial: `${i}`.repeat(40) }));
    await backup({ store, credential, sources: [spec], excludes: [], tags: [], clock, cacheRoot: paths.cache });
    clock.advance(HOUR);
    if ((i + 1) % 500 === 0) {
      writeFileSync(countFile, String(i + 1));
      log(`  ${i + 1} snapshots (${((performance.now() - started) / 1000).toFixed(0)} s)`);
    }
  }
  writeFileSync(countFile, String(snapshots));
  return paths;
}
