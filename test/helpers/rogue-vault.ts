import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliWorkspace } from './cli.js';
import { lockedBucket, s3Env, s3Url } from './s3.js';
import { CHEAP_KDF, makeVault, tempDir } from './vault.js';
import { RogueWriter } from './rogue-tree.js';
import { backup } from '../../src/ops/backup/backup.js';
import { parseSourceSpec } from '../../src/sources/spec.js';
import { sealIdentity } from '../../src/keys/sealed-identity.js';

/**
 * The stage of an attack on an S3 vault with Object Lock: an honest backup of one dir source `cfg`
 * (its `deploy.yaml` says `replicas: 3`), the hijacked agent's RogueWriter (its writer key and the
 * store only), and `operator(env)`: a CLI workspace on that vault holding the identity, sealed.
 */
export async function rogueOnLockedVault() {
  const store = await lockedBucket();
  const v = await makeVault({ store });
  const src = tempDir();
  writeFileSync(join(src, 'deploy.yaml'), 'replicas: 3\n');
  await backup({ store, credential: v.writer, sources: [parseSourceSpec(`cfg=dir:${src}`)], excludes: [], tags: [], clock: v.clock, cacheRoot: v.cacheRoot });
  const rogue = await RogueWriter.open(store, v.writer);
  const operator = async (env: Record<string, string> = {}): Promise<CliWorkspace> => {
    const ws = new CliWorkspace(s3Url(store.bucket), { ...s3Env(), ...env });
    writeFileSync(join(ws.dir, 'id.json'), JSON.stringify(await sealIdentity(v.identity, Buffer.from(ws.env.BULKHEAD_PASSPHRASE!), CHEAP_KDF)));
    return ws;
  };
  return { store, v, rogue, operator };
}
