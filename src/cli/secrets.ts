import { promises as fsp } from 'node:fs';
import { parseSealedIdentity, unsealIdentity } from '../keys/sealed-identity.js';
import { parseWriterCredential, type WriterCredential } from '../keys/writer-credential.js';
import type { RecoveryIdentity } from '../keys/identity.js';
import { BulkheadError } from '../util/errors.js';
import type { Share } from '../keys/shares.js';

export interface PassphraseOptions {
  passphraseFile?: string;
}

export interface IdentityOptions extends PassphraseOptions {
  identity?: string;
  /** Share files (M of N) instead of a sealed identity and its passphrase. */
  shares?: string[];
}

/** BULKHEAD_PASSPHRASE, then --passphrase-file, then a prompt on a TTY (twice when creating). */
export async function readPassphrase(opts: PassphraseOptions, purpose: string, confirm = false, envName = 'BULKHEAD_PASSPHRASE'): Promise<Buffer> {
  if (process.env[envName]) return Buffer.from(process.env[envName], 'utf8');
  if (opts.passphraseFile) {
    const text = await fsp.readFile(opts.passphraseFile, 'utf8').catch(() => {
      throw new BulkheadError('USAGE', `cannot read the passphrase file ${opts.passphraseFile}`);
    });
    return Buffer.from(text.replace(/\r?\n$/, ''), 'utf8');
  }
  if (!process.stdin.isTTY) {
    throw new BulkheadError('USAGE', `a passphrase is needed to ${purpose}: set ${envName} or pass a passphrase file`);
  }
  const { default: password } = await import('@inquirer/password'); // only a terminal needs it
  const first = await password({ message: `Passphrase to ${purpose}:`, mask: true });
  if (confirm) {
    const again = await password({ message: 'Repeat the passphrase:', mask: true });
    if (again !== first) throw new BulkheadError('USAGE', 'the two passphrases differ; nothing was written');
  }
  if (confirm && first.length < 12) throw new BulkheadError('USAGE', 'choose a passphrase of at least 12 characters');
  return Buffer.from(first, 'utf8');
}

async function readJson(path: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await fsp.readFile(path, 'utf8');
  } catch {
    throw new BulkheadError('NOT_FOUND', `cannot read ${what} ${path}; check the path`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new BulkheadError(what === 'identity file' ? 'BAD_IDENTITY' : 'BAD_WRITER', `${path} is not valid JSON; it is not a Bulkhead ${what}`);
  }
}

/** The recovery identity from --shares (a quorum of share files) or --identity and its passphrase. */
export async function unlockIdentity(path: string | undefined, opts: IdentityOptions): Promise<RecoveryIdentity> {
  if (opts.shares?.length) {
    if (path) throw new BulkheadError('USAGE', 'give either --identity or --shares, not both');
    return combineShareFiles(opts.shares);
  }
  if (!path) {
    throw new BulkheadError('NEEDS_IDENTITY', 'this needs the recovery identity: pass --identity ID.json or --shares FILE… (a writer credential cannot read backups)');
  }
  const json = await readJson(path, 'identity file');
  if (json && typeof json === 'object' && (json as { format?: unknown }).format === 'bulkhead-writer/1') {
    throw new BulkheadError('NEEDS_IDENTITY', `${path} is a writer credential: writers can add backups but never read them; use the recovery identity`);
  }
  const sealed = parseSealedIdentity(json, path);
  const passphrase = await readPassphrase(opts, `unlock ${path}`);
  try {
    return await unsealIdentity(sealed, passphrase, path);
  } finally {
    passphrase.fill(0);
  }
}

/** A share from its text file (or the HTML printout's text), or from a scan or photo of its QR code. */
export async function readShareFile(path: string): Promise<Share> {
  const bytes = await fsp.readFile(path).catch(() => {
    throw new BulkheadError('NOT_FOUND', `cannot read the share file ${path}; check the path`);
  });
  // Loaded here, not at start-up: QR decoding and the share codecs cost every other verb ~100 ms.
  const [{ isShareImage, shareTextFromImage }, { parseShareText }, { shareFromWords }] = await Promise.all([import('../ops/custody/share-image.js'), import('../ops/custody/share-documents.js'), import('../keys/shares.js')]);
  const text = isShareImage(bytes) ? shareTextFromImage(bytes, path) : bytes.toString('utf8');
  return shareFromWords(parseShareText(text, path), path);
}

export async function combineShareFiles(paths: string[]): Promise<RecoveryIdentity> {
  const shares = await Promise.all(paths.map(async (where) => ({ share: await readShareFile(where), where })));
  const { combineShares } = await import('../keys/shares.js');
  try {
    return await combineShares(shares);
  } finally {
    for (const { share } of shares) share.secret.fill(0);
  }
}

export async function loadWriter(path: string): Promise<WriterCredential> {
  return parseWriterCredential(await readJson(path, 'writer credential'), path);
}

/** A sealed identity's JSON, for the verbs that need only its public parts (no passphrase). */
export const readIdentityJson = (path: string): Promise<unknown> => readJson(path, 'identity file');
