import { randomInt } from 'node:crypto';
import { existsSync, promises as fsp } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { RecoveryIdentity } from '../../keys/identity.js';
import { sealIdentity } from '../../keys/sealed-identity.js';
import { calibrateScrypt } from '../../crypto/kdf.js';
import { writeShareFiles } from '../../ops/custody/share-files.js';
import { BulkheadError } from '../../util/errors.js';
import { record, type ConsoleDeps, type HandlerGroup } from './deps.js';
import { requireFolder } from './new-file.js';

interface Pending {
  index: number;
  holder: string;
  files: string[];
  askWord: number;
  expected: string;
  confirmed: boolean;
}

/**
 * The key ceremony: a new identity, sealed and split; each holder then proves they hold their
 * printed share by typing back one word the core picks at random. Only that one word per share is
 * kept, in memory, until the ceremony ends; the UI never sees any.
 */
export function ceremonyHandlers(deps: ConsoleDeps): HandlerGroup<'ceremony.start' | 'ceremony.confirm'> {
  let pending: Pending[] = [];
  const view = () => pending.map(({ expected: _e, ...rest }) => rest);
  return {
    'ceremony.start': async ({ out, outDir, passphrase, threshold, holders }) => {
      const file = resolve(out);
      if (existsSync(file)) throw new BulkheadError('EXISTS', `${file} already exists; an identity is never overwritten, choose another path`);
      // Both places checked before anything is made: a missing folder is said, not "failed unexpectedly".
      requireFolder(dirname(file), 'the identity file');
      const shares = resolve(outDir);
      if (existsSync(shares)) requireFolder(shares, 'the share files');
      else requireFolder(dirname(shares), 'the share files folder');
      const identity = RecoveryIdentity.generate();
      const secret = Buffer.from(passphrase, 'utf8');
      try {
        const sealed = await sealIdentity(identity, secret, (await calibrateScrypt()).cost);
        await fsp.writeFile(file, JSON.stringify(sealed, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
        const written = await writeShareFiles(identity, threshold, holders.length, holders, shares, new Date().toISOString().slice(0, 10));
        pending = written.map((s) => {
          const askWord = randomInt(s.words.length) + 1;
          return { index: s.index, holder: s.holder, files: s.files, askWord, expected: s.words[askWord - 1]!, confirmed: false };
        });
        record(deps, { action: 'ceremony', outcome: 'ok', vault: null, detail: `identity ${identity.recipientFingerprint} created at ${file}, split ${threshold} of ${holders.length} (${holders.join(', ')})` });
        return { fingerprint: identity.recipientFingerprint, threshold, total: holders.length, shares: view() };
      } finally {
        secret.fill(0);
        identity.wipe();
      }
    },

    'ceremony.confirm': async ({ index, word }) => {
      const share = pending.find((p) => p.index === index);
      if (!share) throw new BulkheadError('NOT_FOUND', 'no ceremony share with that number; start the ceremony again');
      if (word.toLowerCase() !== share.expected) {
        throw new BulkheadError('USAGE', `that is not word ${share.askWord} of ${share.holder}'s share; check the printout and type it again`);
      }
      share.confirmed = true;
      const complete = pending.every((p) => p.confirmed);
      const shares = view();
      if (complete) {
        record(deps, { action: 'ceremony', outcome: 'ok', vault: null, detail: `every holder confirmed their share (${pending.map((p) => p.holder).join(', ')})` });
        pending = []; // the checked words leave memory
      }
      return { shares, complete };
    },
  };
}
