import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { ed25519Public, signValue, verifyValue } from '../crypto/sign.js';
import { fingerprint } from '../crypto/fingerprint.js';
import { BulkheadError } from '../util/errors.js';

export const WRITER_FORMAT = 'bulkhead-writer/1';

const enrollmentSchema = z.object({
  vaultId: z.string(),
  writerId: z.string(),
  label: z.string(),
  writerPublic: z.string(),
  enrolled: z.string(),
});
export type Enrollment = z.infer<typeof enrollmentSchema>;

/**
 * What a backup agent holds: enough to add signed, encrypted snapshots and to dedup, nothing to read
 * them back. The custody key is pinned so a forged config cannot swap the recipients.
 */
export const writerCredentialSchema = z.object({
  format: z.literal(WRITER_FORMAT),
  enrollment: enrollmentSchema,
  signature: z.string(), // custody signature over the enrollment
  custodyPublic: z.string(),
  writerSecret: z.string(),
  dedupSecret: z.string(),
});
export type WriterCredential = z.infer<typeof writerCredentialSchema>;

export function createWriterCredential(args: {
  vaultId: string;
  label: string;
  custodySeed: Buffer;
  custodyPublic: Buffer;
  dedupSecret: Buffer;
  now: Date;
}): WriterCredential {
  const writerSecret = randomBytes(32);
  const writerPublic = ed25519Public(writerSecret);
  const enrollment: Enrollment = {
    vaultId: args.vaultId,
    writerId: fingerprint(writerPublic),
    label: args.label,
    writerPublic: writerPublic.toString('base64'),
    enrolled: args.now.toISOString(),
  };
  return {
    format: WRITER_FORMAT,
    enrollment,
    signature: signValue(args.custodySeed, 'enrollment', enrollment),
    custodyPublic: args.custodyPublic.toString('base64'),
    writerSecret: writerSecret.toString('base64'),
    dedupSecret: args.dedupSecret.toString('base64'),
  };
}

export function verifyEnrollment(enrollment: Enrollment, signature: string, custodyPublic: Buffer): boolean {
  return verifyValue(custodyPublic, 'enrollment', enrollment, signature);
}

export function parseWriterCredential(json: unknown, where: string): WriterCredential {
  const parsed = writerCredentialSchema.safeParse(json);
  if (!parsed.success) {
    throw new BulkheadError('BAD_WRITER', `${where} is not a Bulkhead writer credential (expected format ${WRITER_FORMAT})`);
  }
  const cred = parsed.data;
  if (!verifyEnrollment(cred.enrollment, cred.signature, Buffer.from(cred.custodyPublic, 'base64'))) {
    throw new BulkheadError('BAD_WRITER', `${where} carries an enrollment that its custody key did not sign; re-enroll this writer`);
  }
  return cred;
}
