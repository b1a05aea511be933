import type { RecoveryIdentity } from '../keys/identity.js';
import type { VaultReader } from '../vault/reader.js';
import { openVault } from '../ops/open-vault.js';
import type { HostContext } from '../host/context.js';
import { unlockIdentity } from './secrets.js';
import type { OperatorOptions } from './operator-options.js';

/** Unlocks the identity for the duration of fn and wipes it afterwards, whatever happens. */
export async function withIdentity<T>(opts: OperatorOptions, fn: (identity: RecoveryIdentity) => Promise<T>): Promise<T> {
  const identity = await unlockIdentity(opts.identity, opts);
  try {
    return await fn(identity);
  } finally {
    identity.wipe();
  }
}

/** `lazyIndex`: the verb may need no blob (VaultReader.open); the index is loaded on first use. */
export function withReader<T>(host: HostContext, opts: OperatorOptions, fn: (reader: VaultReader) => Promise<T>, open: { lazyIndex?: boolean } = {}): Promise<T> {
  // Opened beside the unlock (an S3 store loads the AWS SDK, ~0.3 s): nothing is read before the
  // identity is there, and a failed unlock is still what the verb says first.
  const opening = host.openStore(opts.store);
  opening.catch(() => {}); // awaited below, or dropped with the unlock's failure
  return withIdentity(opts, async (identity) => {
    const store = await opening;
    const reader = await openVault(store, identity, host.cacheRoot, { ...open, clock: host.clock });
    try {
      return await fn(reader);
    } finally {
      reader.close();
    }
  });
}
