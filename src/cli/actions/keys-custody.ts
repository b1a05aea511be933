import { promises as fsp } from 'node:fs';
import { parseSealedIdentity, sealIdentity } from '../../keys/sealed-identity.js';
import { groupFingerprint } from '../../crypto/fingerprint.js';
import { calibrateScrypt } from '../../crypto/kdf.js';
import { BulkheadError } from '../../util/errors.js';
import { combineShareFiles, readIdentityJson, readPassphrase, readShareFile, unlockIdentity } from '../secrets.js';
import { readSplits, recordSplit } from '../custody-record.js';
import { printJson, say } from '../output.js';

/** keys split | combine | verify-share | show (declared in commands/keys-custody.ts). */
export async function runSplit(opts: { identity: string; threshold: string; shares: string; outDir: string; holders?: string; passphraseFile?: string; json?: boolean }): Promise<void> {
  const [m, n] = [Number(opts.threshold), Number(opts.shares)];
  const holders = opts.holders ? opts.holders.split(',').map((h) => h.trim()) : [];
  const identity = await unlockIdentity(opts.identity, { passphraseFile: opts.passphraseFile });
  const created = new Date().toISOString().slice(0, 10);
  let written: string[];
  try {
    const { writeShareFiles } = await import('../../ops/custody/share-files.js'); // QR and PDF: loaded by this verb only
    const shares = await writeShareFiles(identity, m, n, holders, opts.outDir, created);
    written = shares.flatMap((s) => s.files);
    await recordSplit(opts.identity, { created, threshold: m, total: n, holders: shares.map((s) => s.holder), splitId: shares[0]!.splitId });
  } finally {
    identity.wipe();
  }
  if (opts.json) printJson({ threshold: m, shares: n, files: written });
  else {
    say(`Split into ${n} shares; any ${m} rebuild the identity. Hand each holder their three files, then delete them here:`);
    for (const f of written.filter((w) => w.endsWith('.txt'))) say(`  ${f.replace(/\.txt$/, '.{txt,html,pdf}')}`);
  }
}

export async function runCombine(files: string[], opts: { out: string; passphraseFile?: string; json?: boolean }): Promise<void> {
  if (await fsp.stat(opts.out).then(() => true, () => false)) throw new BulkheadError('EXISTS', `${opts.out} already exists; choose another path`);
  const identity = await combineShareFiles(files);
  const passphrase = await readPassphrase(opts, 'seal the rebuilt identity', true);
  try {
    const sealed = await sealIdentity(identity, passphrase, (await calibrateScrypt()).cost);
    await fsp.writeFile(opts.out, JSON.stringify(sealed, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
    if (opts.json) printJson({ file: opts.out, shares: files.length, ...sealed.fingerprints });
    else say(`Identity ${groupFingerprint(identity.recipientFingerprint)} rebuilt from ${files.length} shares into ${opts.out}`);
  } finally {
    passphrase.fill(0);
    identity.wipe();
  }
}

export async function runVerifyShare(file: string, opts: { identity?: string; json?: boolean }): Promise<void> {
  const share = await readShareFile(file);
  share.secret.fill(0);
  let belongs = '';
  let recipient: string | undefined;
  if (opts.identity) {
    const sealed = parseSealedIdentity(await readIdentityJson(opts.identity), opts.identity);
    const { identityTag } = await import('../../keys/shares.js');
    if (identityTag(Buffer.from(sealed.publics.x25519, 'base64')) !== share.identityTag) {
      throw new BulkheadError('BAD_IDENTITY', `${file} is a valid share, but of another identity than ${opts.identity}`);
    }
    recipient = sealed.fingerprints.recipient;
    belongs = `, of identity ${groupFingerprint(recipient)}`;
  }
  if (opts.json) return printJson({ file, valid: true, index: share.index, total: share.total, threshold: share.threshold, ...(recipient && { identity: recipient }) });
  say(`${file}: a valid share, ${share.index} of ${share.total} (any ${share.threshold} rebuild the identity)${belongs}`);
}

export async function runShow(opts: { identity: string; json?: boolean }): Promise<void> {
  const sealed = parseSealedIdentity(await readIdentityJson(opts.identity), opts.identity);
  const splits = await readSplits(opts.identity);
  const info = { file: opts.identity, created: sealed.created, fingerprints: sealed.fingerprints, kdf: { name: sealed.kdf.name, N: sealed.kdf.N, r: sealed.kdf.r, p: sealed.kdf.p }, splits };
  if (opts.json) return printJson(info);
  say(`Identity ${opts.identity}, created ${sealed.created}`);
  say(`  recipient fingerprint  ${groupFingerprint(sealed.fingerprints.recipient)}`);
  say(`  custody fingerprint    ${groupFingerprint(sealed.fingerprints.custody)}`);
  say(`  sealed with scrypt N=2^${Math.log2(sealed.kdf.N)}, r=${sealed.kdf.r}, p=${sealed.kdf.p}`);
  if (splits.length === 0) say('  no shares issued from this file');
  for (const s of splits) say(`  shares: ${s.threshold} of ${s.total}, ${s.created}, held by ${s.holders.join(', ')}`);
}
