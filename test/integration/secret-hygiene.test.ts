import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createConsoleHost } from '../../src/host/console/console-host.js';
import { consoleClient } from '../helpers/console-client.js';
import { defaultHost } from '../../src/host/context.js';
import { parseSealedIdentity, unsealIdentity } from '../../src/keys/sealed-identity.js';
import { unwrap } from '../../src/crypto/wrap.js';
import { FileStore } from '../../src/storage/file-store.js';
import { loadConfig } from '../../src/vault/load-config.js';
import { consoleVault, PASSPHRASE } from '../helpers/console-vault.js';
import { tempDir } from '../helpers/vault.js';

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const st = statSync(path);
    if (st.isDirectory()) out.push(...filesUnder(path));
    else if (st.isFile()) out.push(path);
  }
  return out;
}

/** Every form a secret could take on disk: raw, hex, base64, base64url, base32. */
function forms(name: string, secret: Buffer): [string, Buffer][] {
  return [
    [`${name} (raw)`, secret],
    [`${name} (hex)`, Buffer.from(secret.toString('hex'))],
    [`${name} (base64)`, Buffer.from(secret.toString('base64'))],
    [`${name} (base64url)`, Buffer.from(secret.toString('base64url'))],
  ];
}

describe('secret hygiene', () => {
  const previousTmp = process.env.TMPDIR;
  afterAll(() => {
    process.env.TMPDIR = previousTmp;
  });

  it('after an unlock, browsing, a diff and restores, no file the console wrote holds key material', async () => {
    const { ws } = await consoleVault(undefined, {}, 'here'); // its backups in-process: the console host below loads the same modules anyway
    const dir = tempDir('bulkhead-hygiene-');
    const written = { console: join(dir, 'console'), cache: join(dir, 'cache'), tmp: join(dir, 'tmp') };
    for (const d of Object.values(written)) mkdirSync(d);
    process.env.TMPDIR = written.tmp; // git mirrors and any other temporary files land here
    const core = createConsoleHost({ ...defaultHost(), cacheRoot: written.cache }, join(written.console, 'console.db'));
    const { ok, finished } = consoleClient(core);
    const { id: vaultId } = await ok('vaults.add', { name: 'v', url: ws.store });
    await ok('session.unlock', { identity: { path: join(ws.dir, 'id.json') }, passphrase: PASSPHRASE });
    await ok('snapshots.list', { vaultId });
    await ok('browse.list', { vaultId, snapshot: 'latest', path: 'infra/k8s' });
    await ok('browse.preview', { vaultId, snapshot: 'latest', path: 'api/files/.github/workflows/ci.yml' });
    await ok('diff.run', { vaultId, from: 'latest', to: 'live' });
    const { planId } = await ok('restore.plan', { vaultId, snapshot: 'latest', paths: ['infra', 'api'], target: join(dir, 'out') });
    await finished((await ok('restore.start', { planId, confirm: 'out' })).jobId);
    await ok('session.lock', {});
    core.close();

    const sealed = parseSealedIdentity(JSON.parse(readFileSync(join(ws.dir, 'id.json'), 'utf8')), 'id.json');
    const identity = await unsealIdentity(sealed, Buffer.from(PASSPHRASE), 'id.json');
    const { config } = await loadConfig(await FileStore.open(ws.store.slice('file://'.length)), identity.custodyPublic);
    const secrets = [
      ...forms('master seed', Buffer.from(identity.masterSeed)),
      ...forms('decryption key', Buffer.from(identity.decryptionSecret)),
      ...forms('custody signing key', Buffer.from(identity.custodySeed)),
      ...forms('dedup secret', unwrap(config.body.dedupStanzas, identity.decryptionSecret, 'vault')),
      ['passphrase', Buffer.from(PASSPHRASE)] as [string, Buffer],
    ];
    identity.wipe();
    // A control: the search must find a secret where one was planted.
    writeFileSync(join(written.tmp, 'planted'), Buffer.concat([Buffer.from('xx'), secrets[5]![1], Buffer.from('yy')]));
    const files = Object.values(written).flatMap(filesUnder);
    expect(files.some((f) => f.endsWith('console.db'))).toBe(true);
    const found = files.flatMap((f) => {
      const bytes = readFileSync(f);
      return secrets.filter(([, s]) => bytes.includes(s)).map(([what]) => `${what} in ${f}`);
    });
    expect(found).toEqual([`${secrets[5]![0]} in ${join(written.tmp, 'planted')}`]);
  });
});
