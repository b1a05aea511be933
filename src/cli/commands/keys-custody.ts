import { promises as fsp } from 'node:fs';
import type { Command } from 'commander';
import { parseSealedIdentity, sealIdentity } from '../../keys/sealed-identity.js';
import { groupFingerprint } from '../../crypto/fingerprint.js';
import { calibrateScrypt } from '../../crypto/kdf.js';
import { BulkheadError } from '../../util/errors.js';
import { combineShareFiles, readIdentityJson, readPassphrase, readShareFile, unlockIdentity } from '../secrets.js';
import { readSplits, recordSplit } from '../custody-record.js';
import { printJson, say } from '../output.js';

/** keys split | combine | verify-share | show: M-of-N custody of the recovery identity. */
export function registerCustody(keys: Command): void {
  keys
    .command('split')
    .description('split the identity M-of-N into shares: words, a printable page (HTML, PDF) and a QR code each')
    .requiredOption('--identity <file>', 'the sealed recovery identity')
    .requiredOption('--threshold <m>', 'how many shares rebuild it')
    .requiredOption('--shares <n>', 'how many shares to make')
    .requiredOption('--out-dir <dir>', 'where to write the share files (one set per holder)')
    .option('--holders <names>', 'comma-separated holder names, in share order')
    .option('--passphrase-file <file>', 'read the passphrase from a file')
    .option('--json', 'machine-readable output')
    .action(async (opts: { identity: string; threshold: string; shares: string; outDir: string; holders?: string; passphraseFile?: string; json?: boolean }) => {
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
    });

  keys
    .command('combine')
    .description('rebuild a sealed identity from a quorum of shares (asks for a new passphrase)')
    .argument('<shares...>', 'share files (the .txt, or any file of its words)')
    .requiredOption('--out <file>', 'where to write the rebuilt identity (0600)')
    .option('--passphrase-file <file>', 'read the new passphrase from a file')
    .option('--json', 'machine-readable output')
    .action(async (files: string[], opts: { out: string; passphraseFile?: string; json?: boolean }) => {
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
    });

  keys
    .command('verify-share')
    .description('prove a share is intact (and belongs to an identity) without unlocking anything')
    .argument('<share>', 'a share file')
    .option('--identity <file>', 'the sealed identity it should belong to (no passphrase needed)')
    .option('--json', 'machine-readable output')
    .action(async (file: string, opts: { identity?: string; json?: boolean }) => {
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
    });

  keys
    .command('show')
    .description('fingerprints, creation date, KDF cost and shares issued (no passphrase needed)')
    .requiredOption('--identity <file>', 'the sealed recovery identity')
    .option('--json', 'machine-readable output')
    .action(async (opts: { identity: string; json?: boolean }) => {
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
    });
}

