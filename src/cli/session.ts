import type { Command } from 'commander';
import type { RecoveryIdentity } from '../keys/identity.js';
import type { VaultReader } from '../vault/reader.js';
import { openVault } from '../ops/open-vault.js';
import type { HostContext } from '../host/context.js';
import { collectFiles, unlockIdentity } from './secrets.js';

export interface OperatorOptions {
  store: string;
  identity?: string;
  shares?: string[];
  passphraseFile?: string;
  json?: boolean;
}

/** The options every operator verb takes. */
export function operatorOptions(cmd: Command): Command {
  return cmd
    .requiredOption('--store <url>', 'the vault: file://PATH or s3://BUCKET[/PREFIX][?endpoint=URL&region=R&profile=P]')
    .option('--identity <file>', 'the sealed recovery identity')
    .option('--shares <files>', 'instead of --identity: share files of a quorum, comma-separated or the option repeated', collectFiles)
    .option('--passphrase-file <file>', 'read the passphrase from a file (or set BULKHEAD_PASSPHRASE)')
    .option('--json', 'machine-readable output');
}

/** Unlocks the identity for the duration of fn and wipes it afterwards, whatever happens. */
export async function withIdentity<T>(opts: OperatorOptions, fn: (identity: RecoveryIdentity) => Promise<T>): Promise<T> {
  const identity = await unlockIdentity(opts.identity, opts);
  try {
    return await fn(identity);
  } finally {
    identity.wipe();
  }
}

export function withReader<T>(host: HostContext, opts: OperatorOptions, fn: (reader: VaultReader) => Promise<T>): Promise<T> {
  return withIdentity(opts, async (identity) => {
    const store = await host.openStore(opts.store);
    const reader = await openVault(store, identity, host.cacheRoot);
    try {
      return await fn(reader);
    } finally {
      reader.close();
    }
  });
}
