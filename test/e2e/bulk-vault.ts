import { chmodSync, copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliWorkspace } from '../helpers/cli.js';
import { tempDir } from '../helpers/vault.js';
import { FileStore } from '../../src/storage/file-store.js';
import { parseSealedIdentity, unsealIdentity } from '../../src/keys/sealed-identity.js';
import { openVault } from '../../src/ops/open-vault.js';
import { locate } from '../../src/vault/browse.js';

/**
 * A second local vault under the same recovery identity (one unlock reads both): a "bulk" source of
 * many small files, for a restore long enough to outlast a short idle time, and one lone file.
 */
export async function bulkVault(identityFile: string, files: number, env: NodeJS.ProcessEnv): Promise<{ ws: CliWorkspace; folder: string }> {
  const ws = new CliWorkspace(undefined, env);
  copyFileSync(identityFile, join(ws.dir, 'id.json'));
  await ws.okAsync(['vault', 'init', '--store', ws.store, '--identity', 'id.json']);
  await ws.okAsync(['vault', 'enroll', '--store', ws.store, '--identity', 'id.json', '--label', 'bulk-ci', '--out', 'writer.json']);
  const tree = join(ws.dir, 'bulk');
  for (let d = 0; d < 10; d++) mkdirSync(join(tree, 'many', `d${d}`), { recursive: true });
  for (let i = 0; i < files; i++) writeFileSync(join(tree, 'many', `d${i % 10}`, `f-${i}.txt`), `file ${i} of the bulk source\n`.repeat(8));
  mkdirSync(join(tree, 'lone'));
  writeFileSync(join(tree, 'lone', 'ledger.csv'), 'id,amount\n1,100\n2,250\n');
  await ws.okAsync(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', `bulk=dir:${tree}`]);
  return { ws, folder: ws.store.slice('file://'.length) };
}

/**
 * Flips one byte inside the stored blob of a file, as a thief with raw disk access could (the
 * store's own API refuses); returns how to put the pack back as it was.
 */
export async function corruptFile(ws: CliWorkspace, path: string): Promise<() => void> {
  const sealed = parseSealedIdentity(JSON.parse(readFileSync(join(ws.dir, 'id.json'), 'utf8')), 'id.json');
  const identity = await unsealIdentity(sealed, Buffer.from(ws.env.BULKHEAD_PASSPHRASE!), 'id.json');
  const reader = await openVault(await FileStore.open(join(ws.dir, 'vault')), identity, tempDir());
  const snap = (await reader.snapshots()).snapshots[0]!;
  const { entry } = await locate(reader, snap.manifest, path);
  const loc = reader.index.get(entry!.blobs![0]!)!;
  reader.close();
  const pack = join(ws.dir, 'vault', 'data', loc.pack.slice(0, 2), loc.pack);
  const original = readFileSync(pack);
  const edited = Buffer.from(original);
  edited[loc.offset + Math.floor(loc.length / 2)]! ^= 0xff;
  chmodSync(pack, 0o644);
  writeFileSync(pack, edited);
  chmodSync(pack, 0o444);
  return () => {
    chmodSync(pack, 0o644);
    writeFileSync(pack, original);
    chmodSync(pack, 0o444);
  };
}
