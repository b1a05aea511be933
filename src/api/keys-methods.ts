import { z } from 'zod';
import { method } from './method.js';

export const writerView = z.object({
  id: z.string(),
  label: z.string(),
  enrolled: z.string(),
  revoked: z.string().nullable(),
  lastSnapshot: z.string().nullable(),
});
export type WriterView = z.infer<typeof writerView>;

const vaultId = z.object({ vaultId: z.string().min(1) });

export const ceremonyShare = z.object({
  index: z.number(),
  holder: z.string(),
  files: z.array(z.string()),
  /** Which word (1-based) the holder must type back to show they have their share. */
  askWord: z.number(),
  confirmed: z.boolean(),
});

export const keysMethods = {
  'ceremony.start': method(
    'Key ceremony: creates a recovery identity sealed by a passphrase, splits it M-of-N and writes each holder\'s share (text, HTML, PDF) into a folder. The words never reach the UI.',
    z.object({
      out: z.string().min(1),
      outDir: z.string().min(1),
      passphrase: z.string().min(12).max(1024),
      threshold: z.number().int().min(2).max(255),
      holders: z.array(z.string().trim().min(1).max(80)).min(2).max(255),
    }),
    z.object({ fingerprint: z.string(), threshold: z.number(), total: z.number(), shares: z.array(ceremonyShare) }),
  ),
  'ceremony.confirm': method(
    'A holder types back the asked word of their printed share; the core checks it.',
    z.object({ index: z.number().int().min(1), word: z.string().trim().min(1).max(20) }),
    z.object({ shares: z.array(ceremonyShare), complete: z.boolean() }),
  ),
  'writers.list': method('Backup agents enrolled in a vault, with revocation and last snapshot.', vaultId, z.array(writerView)),
  'writers.enroll': method(
    'Enrolls a backup agent. Its credential holds a signing key, so the core writes it to a file (0600) for the agent and it never reaches the UI.',
    vaultId.extend({ label: z.string().trim().min(1).max(80), out: z.string().min(1) }),
    z.object({ writer: writerView, file: z.string(), iamPolicy: z.string().nullable() }),
  ),
  'writers.revoke': method(
    'Revokes a writer from now on: its later snapshots show as untrusted. Confirm by typing its id as shown (its first 12 characters): labels can repeat.',
    vaultId.extend({ writerId: z.string().min(1), confirm: z.string() }),
    writerView,
  ),
};
