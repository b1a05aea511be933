import { promises as fsp } from 'node:fs';
import { RecoveryIdentity } from '../../keys/identity.js';
import { sealIdentity } from '../../keys/sealed-identity.js';
import { groupFingerprint } from '../../crypto/fingerprint.js';
import { calibrateScrypt } from '../../crypto/kdf.js';
import { BulkheadError } from '../../util/errors.js';
import { readPassphrase, unlockIdentity } from '../secrets.js';
import { printJson, say } from '../output.js';

export async function runInit(opts: { out: string; passphraseFile?: string; unlockMs: string; json?: boolean }): Promise<void> {
  const unlockMs = Number(opts.unlockMs);
  if (!Number.isInteger(unlockMs) || unlockMs < 1 || unlockMs > 60_000) throw new BulkheadError('USAGE', `--unlock-ms ${opts.unlockMs} is not a number of milliseconds from 1 to 60000`);
  const exists = await fsp.stat(opts.out).then(() => true, () => false);
  if (exists) throw new BulkheadError('EXISTS', `${opts.out} already exists; an identity is never overwritten, choose another path`);
  const passphrase = await readPassphrase(opts, `seal the new identity`, true);
  const identity = RecoveryIdentity.generate();
  try {
    const { cost, expectedMs } = await calibrateScrypt(unlockMs);
    const sealed = await sealIdentity(identity, passphrase, cost);
    await fsp.writeFile(opts.out, JSON.stringify(sealed, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
    if (opts.json) printJson({ file: opts.out, ...sealed.fingerprints, kdf: { ...cost, expectedUnlockMs: expectedMs } });
    else {
      say(`Recovery identity written to ${opts.out} (keep it offline; only its passphrase unlocks it)`);
      say(`  recipient fingerprint  ${groupFingerprint(sealed.fingerprints.recipient)}`);
      say(`  custody fingerprint    ${groupFingerprint(sealed.fingerprints.custody)}`);
      say(`  unlocking takes about ${(expectedMs / 1000).toFixed(1)} s on this machine (scrypt N=2^${Math.log2(cost.N)}, recorded in the file)`);
    }
  } finally {
    passphrase.fill(0);
    identity.wipe();
  }
}

export async function runPasswd(opts: { identity: string; passphraseFile?: string; newPassphraseFile?: string; json?: boolean }): Promise<void> {
  const identity = await unlockIdentity(opts.identity, opts);
  const next = await readPassphrase({ passphraseFile: opts.newPassphraseFile }, 'seal the identity from now on', true, 'BULKHEAD_NEW_PASSPHRASE').catch((e) => {
    identity.wipe();
    throw e;
  });
  try {
    const sealed = await sealIdentity(identity, next, (await calibrateScrypt()).cost);
    // Written beside it and renamed over it: a crash leaves the old file or the new, never half of one.
    const tmp = `${opts.identity}.${process.pid}.tmp`;
    await fsp.writeFile(tmp, JSON.stringify(sealed, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
    await fsp.rename(tmp, opts.identity);
    if (opts.json) printJson({ file: opts.identity, changed: true, kdf: { name: sealed.kdf.name, N: sealed.kdf.N, r: sealed.kdf.r, p: sealed.kdf.p } });
    else say(`The passphrase of ${opts.identity} is changed; the old one no longer opens it.`);
  } finally {
    next.fill(0);
    identity.wipe();
  }
}
