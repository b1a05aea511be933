import { z } from 'zod';
import { signValue, verifyValue } from '../crypto/sign.js';
import { sha256Hex } from '../crypto/blob-id.js';
import type { Stanza } from '../crypto/wrap.js';

export const VAULT_FORMAT = 'bulkhead-vault/1';

const stanzaSchema = z.object({ recipient: z.string(), epk: z.string(), wrapped: z.string() });

export const writerEntrySchema = z.object({
  id: z.string(),
  label: z.string(),
  publicKey: z.string(),
  enrolled: z.string(),
  revoked: z.string().optional(),
});
export type WriterEntry = z.infer<typeof writerEntrySchema>;

export const configBodySchema = z.object({
  format: z.literal(VAULT_FORMAT),
  vaultId: z.string(),
  seq: z.number().int().min(1),
  created: z.string(),
  previous: z.string().nullable(),
  chunker: z.object({ min: z.number().int(), avg: z.number().int(), max: z.number().int() }),
  retention: z.object({ mode: z.enum(['COMPLIANCE', 'GOVERNANCE', 'LOCAL']), days: z.number().int().min(1) }),
  packSize: z.number().int(),
  recipients: z.array(z.object({ fingerprint: z.string(), publicKey: z.string(), label: z.string() })).min(1),
  custodyPublic: z.string(),
  writers: z.array(writerEntrySchema),
  dedupStanzas: z.array(stanzaSchema),
});
export type ConfigBody = z.infer<typeof configBodySchema> & { dedupStanzas: Stanza[] };

const signedConfigSchema = z.object({ body: configBodySchema, signature: z.string() });
export type SignedConfig = z.infer<typeof signedConfigSchema>;

export const configKey = (seq: number): string => `config/${String(seq).padStart(8, '0')}`;

/** Every config object is custody-signed and names the hash of the one before it. */
export function signConfig(body: ConfigBody, custodySeed: Buffer): Buffer {
  return Buffer.from(JSON.stringify({ body, signature: signValue(custodySeed, 'config', body) }));
}

export type ConfigVerdict =
  | { ok: true; config: SignedConfig; hash: string }
  | { ok: false; reason: string };

export function verifyConfigObject(key: string, bytes: Buffer, custodyPublic: Buffer): ConfigVerdict {
  let parsed: SignedConfig;
  try {
    parsed = signedConfigSchema.parse(JSON.parse(bytes.toString('utf8')));
  } catch {
    return { ok: false, reason: `${key} is not a valid vault config` };
  }
  if (parsed.body.custodyPublic !== custodyPublic.toString('base64')) {
    return { ok: false, reason: `${key} names another custody key than the one that governs this vault` };
  }
  if (!verifyValue(custodyPublic, 'config', parsed.body, parsed.signature)) {
    return { ok: false, reason: `${key} has a signature that does not verify (edited or forged)` };
  }
  if (key !== configKey(parsed.body.seq)) return { ok: false, reason: `${key} claims sequence ${parsed.body.seq}` };
  return { ok: true, config: parsed, hash: sha256Hex(bytes) };
}

export function activeWriters(body: ConfigBody): WriterEntry[] {
  return body.writers.filter((w) => !w.revoked);
}

/**
 * The latest lock a writer ever asks for, in days from now: the retention plus the margin the
 * writer adds when it extends a reused pack (writer.ts: max(1, days/10)), plus a day of clock skew.
 * The agent's IAM policy denies anything later.
 */
export function lockCeilingDays(days: number): number {
  return days + Math.max(1, Math.ceil(days / 10)) + 1;
}

/**
 * The earliest lock a writer ever asks for, in days from now: every put and extension asks for at
 * least the retention from its own clock (writer.ts, put-config.ts, keepLocked), less a day for a
 * clock behind the server's and a server that rounds the remaining time down. The agent's IAM
 * policy denies anything earlier: a lock of seconds, once run out, is an unlocked object posture
 * reports and asks about for ever (red team 3b, B2). 0 for a 1-day retention: no floor is possible.
 */
export function lockFloorDays(days: number): number {
  return Math.max(0, days - 1);
}

/** Locks longer than this are no mistake: posture reports them (a cost attack, or a wrapped date). */
export function farLockDays(days: number): number {
  return 2 * days + Math.max(1, Math.ceil(days / 10)) + 1;
}
