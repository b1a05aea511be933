import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { seal, open } from '../crypto/aead.js';
import { DEFAULT_SCRYPT, scrypt, type ScryptParams } from '../crypto/kdf.js';
import { fingerprint } from '../crypto/fingerprint.js';
import { canonicalBytes } from '../util/canonical.js';
import { BulkheadError } from '../util/errors.js';
import { RecoveryIdentity } from './identity.js';

export const IDENTITY_FORMAT = 'bulkhead-identity/1';

const kdfSchema = z.object({
  name: z.literal('scrypt'),
  N: z.number().int().min(2),
  r: z.number().int().min(1),
  p: z.number().int().min(1),
  salt: z.string(),
});

export const sealedIdentitySchema = z.object({
  format: z.literal(IDENTITY_FORMAT),
  created: z.string(),
  fingerprints: z.object({ recipient: z.string(), custody: z.string() }),
  publics: z.object({ x25519: z.string(), ed25519: z.string() }),
  kdf: kdfSchema,
  sealed: z.string(),
});
export type SealedIdentity = z.infer<typeof sealedIdentitySchema>;

/** Every field but the box itself is bound as associated data, so none can be edited unnoticed. */
function associatedData(file: Omit<SealedIdentity, 'sealed'>): Buffer {
  return canonicalBytes({ ...file, purpose: 'bulkhead/v1/identity' });
}

export async function sealIdentity(
  identity: RecoveryIdentity,
  passphrase: Buffer,
  cost: Omit<ScryptParams, 'name' | 'salt'> = DEFAULT_SCRYPT,
  created = new Date(),
): Promise<SealedIdentity> {
  const kdf: ScryptParams = { name: 'scrypt', ...cost, salt: randomBytes(16).toString('base64') };
  const header = {
    format: IDENTITY_FORMAT,
    created: created.toISOString(),
    fingerprints: { recipient: identity.recipientFingerprint, custody: identity.custodyFingerprint },
    publics: {
      x25519: identity.recipientPublic.toString('base64'),
      ed25519: identity.custodyPublic.toString('base64'),
    },
    kdf,
  } as const;
  const kek = await scrypt(passphrase, kdf);
  try {
    return { ...header, sealed: seal(kek, identity.masterSeed, associatedData(header)).toString('base64') };
  } finally {
    kek.fill(0);
  }
}

export function parseSealedIdentity(json: unknown, where: string): SealedIdentity {
  const parsed = sealedIdentitySchema.safeParse(json);
  if (!parsed.success) {
    throw new BulkheadError('BAD_IDENTITY', `${where} is not a Bulkhead identity file (expected format ${IDENTITY_FORMAT})`);
  }
  return parsed.data;
}

export async function unsealIdentity(file: SealedIdentity, passphrase: Buffer, where: string): Promise<RecoveryIdentity> {
  const { sealed, ...header } = file;
  const kek = await scrypt(passphrase, file.kdf);
  let seed: Buffer;
  try {
    seed = open(kek, Buffer.from(sealed, 'base64'), associatedData(header), 'identity');
  } catch {
    throw new BulkheadError(
      'WRONG_PASSPHRASE',
      `the passphrase is wrong for ${where} (or the file was edited); try again or use your key shares`,
    );
  } finally {
    kek.fill(0);
  }
  const identity = RecoveryIdentity.fromSeed(seed);
  if (identity.custodyPublic.toString('base64') !== file.publics.ed25519 || fingerprint(identity.recipientPublic) !== file.fingerprints.recipient) {
    identity.wipe();
    throw new BulkheadError('BAD_IDENTITY', `${where} holds keys that do not match its own fingerprints; it was tampered with`);
  }
  return identity;
}
