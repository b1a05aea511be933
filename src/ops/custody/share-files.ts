import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import type { RecoveryIdentity } from '../../keys/identity.js';
import { shareToWords, splitIdentity } from '../../keys/shares.js';
import { BulkheadError } from '../../util/errors.js';
import { shareHtml, sharePdf, shareText, type ShareSheet } from './share-documents.js';

export interface WrittenShare {
  index: number;
  holder: string;
  files: string[];
  /** The share's words, for the ceremony's check that the holder has them; callers drop them after. */
  words: string[];
  splitId: string;
}

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

/** Splits the identity M-of-N and writes each holder's share as text, HTML and PDF (0600, never overwriting). */
export async function writeShareFiles(identity: RecoveryIdentity, threshold: number, total: number, holders: string[], outDir: string, created: string): Promise<WrittenShare[]> {
  if (holders.length && holders.length !== total) throw new BulkheadError('USAGE', `${holders.length} holders named for ${total} shares`);
  const shares = await splitIdentity(identity, threshold, total);
  await fsp.mkdir(outDir, { recursive: true, mode: 0o700 });
  const written: WrittenShare[] = [];
  for (const share of shares) {
    const holder = holders[share.index - 1] || `holder ${share.index}`;
    const sheet: ShareSheet = { index: share.index, threshold, total, holder, created, fingerprint: identity.recipientFingerprint, words: shareToWords(share) };
    share.secret.fill(0);
    const base = join(outDir, `share-${share.index}-of-${total}${holders.length ? `-${slug(holder)}` : ''}`);
    const files: string[] = [];
    for (const [ext, body] of [['txt', shareText(sheet)], ['html', await shareHtml(sheet)], ['pdf', await sharePdf(sheet)]] as const) {
      await fsp.writeFile(`${base}.${ext}`, body, { mode: 0o600, flag: 'wx' }).catch((e: NodeJS.ErrnoException) => {
        throw new BulkheadError(e.code === 'EEXIST' ? 'EXISTS' : 'USAGE', `cannot write ${base}.${ext}: ${e.code === 'EEXIST' ? 'it exists; shares are never overwritten, choose another folder' : e.message}`);
      });
      files.push(`${base}.${ext}`);
    }
    written.push({ index: share.index, holder, files, words: sheet.words, splitId: share.splitId });
  }
  return written;
}
