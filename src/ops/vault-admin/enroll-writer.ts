import type { BlobStore } from '../../storage/blob-store.js';
import type { RecoveryIdentity } from '../../keys/identity.js';
import { unwrap } from '../../crypto/wrap.js';
import { createWriterCredential, type WriterCredential } from '../../keys/writer-credential.js';
import type { ConfigBody } from '../../vault/config.js';
import { putNextConfig } from '../../vault/put-config.js';
import { makeVaultFolders, neededFolders } from './vault-folders.js';
import { loadConfig } from '../../vault/load-config.js';
import { BulkheadError } from '../../util/errors.js';
import type { Clock } from '../../util/clock.js';

/**
 * Enrolls a backup agent: a new writer key, signed by the custody key, and a new config
 * (the next free seq, chained to the last) that lists it. The credential is shown once and never stored.
 * A local vault's folders the writer needs are made first, its own index folder while its id is
 * still unknown to anyone: no other agent can put a file in its place (R5-3).
 */
export async function enrollWriter(args: {
  store: BlobStore;
  identity: RecoveryIdentity;
  label: string;
  clock: Clock;
  /** Told the config keys passed over because something else already occupies them. */
  onSkipped?: (keys: string[]) => void;
  /** Told what stands where a folder the writer needs goes (a local vault): its backups fail until it is removed. */
  warn?: (message: string) => void;
}): Promise<WriterCredential> {
  const { store, identity, clock } = args;
  if (!args.label.trim()) throw new BulkheadError('USAGE', 'a writer needs a label, such as the host or CI job it runs on');
  const { config, hash } = await loadConfig(store, identity.custodyPublic);
  const body = config.body;
  const same = body.writers.find((w) => !w.revoked && w.label.trim().toLowerCase() === args.label.trim().toLowerCase());
  if (same) throw new BulkheadError('EXISTS', `a writer labelled "${same.label}" is already enrolled (${same.id}); choose another label, or revoke that one first`);
  const dedupSecret = unwrap(body.dedupStanzas, identity.decryptionSecret, `vault ${body.vaultId}`);
  const credential = createWriterCredential({
    vaultId: body.vaultId,
    label: args.label,
    custodySeed: identity.custodySeed,
    custodyPublic: identity.custodyPublic,
    dedupSecret,
    now: clock.now(),
  });
  dedupSecret.fill(0);
  const writer = { id: credential.enrollment.writerId, label: args.label, publicKey: credential.enrollment.writerPublic, enrolled: credential.enrollment.enrolled };
  makeVaultFolders(store, neededFolders([writer]), [writer], args.warn);
  const created = clock.now().toISOString();
  await putNextConfig({
    store,
    from: body.seq,
    make: (seq): ConfigBody => ({ ...body, seq, previous: hash, created, writers: [...body.writers, writer] }),
    custodySeed: identity.custodySeed,
    custodyPublic: identity.custodyPublic,
    clock,
    ...(args.onSkipped && { onSkipped: args.onSkipped }),
  });
  return credential;
}
