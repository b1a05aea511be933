import { promises as fsp } from 'node:fs';
import type { Command } from 'commander';
import { RecoveryIdentity } from '../../keys/identity.js';
import { sealIdentity } from '../../keys/sealed-identity.js';
import { groupFingerprint } from '../../crypto/fingerprint.js';
import { BulkheadError } from '../../util/errors.js';
import { readPassphrase } from '../secrets.js';
import { printJson, say } from '../output.js';

export function registerKeys(program: Command): void {
  const keys = program.command('keys').description('create and inspect the offline recovery identity');
  keys
    .command('init')
    .description('create a recovery identity sealed by a passphrase')
    .requiredOption('--out <file>', 'where to write the sealed identity (0600)')
    .option('--passphrase-file <file>', 'read the passphrase from a file')
    .option('--json', 'print the fingerprints as JSON')
    .action(async (opts: { out: string; passphraseFile?: string; json?: boolean }) => {
      const exists = await fsp.stat(opts.out).then(() => true, () => false);
      if (exists) throw new BulkheadError('EXISTS', `${opts.out} already exists; an identity is never overwritten, choose another path`);
      const passphrase = await readPassphrase(opts, `seal the new identity`, true);
      const identity = RecoveryIdentity.generate();
      try {
        const sealed = await sealIdentity(identity, passphrase);
        await fsp.writeFile(opts.out, JSON.stringify(sealed, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
        if (opts.json) printJson({ file: opts.out, ...sealed.fingerprints });
        else {
          say(`Recovery identity written to ${opts.out} (keep it offline; only its passphrase unlocks it)`);
          say(`  recipient fingerprint  ${groupFingerprint(sealed.fingerprints.recipient)}`);
          say(`  custody fingerprint    ${groupFingerprint(sealed.fingerprints.custody)}`);
        }
      } finally {
        passphrase.fill(0);
        identity.wipe();
      }
    });
}
