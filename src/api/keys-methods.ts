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

export const keysMethods = {
  'writers.list': method('Backup agents enrolled in a vault, with revocation and last snapshot.', vaultId, z.array(writerView)),
  'writers.enroll': method(
    'Enrolls a backup agent. Its credential holds a signing key, so the core writes it to a file (0600) for the agent and it never reaches the UI.',
    vaultId.extend({ label: z.string().trim().min(1).max(80), out: z.string().min(1) }),
    z.object({ writer: writerView, file: z.string(), iamPolicy: z.string().nullable() }),
  ),
  'writers.revoke': method(
    'Revokes a writer from now on: its later snapshots show as untrusted. Confirm by typing its label.',
    vaultId.extend({ writerId: z.string().min(1), confirm: z.string() }),
    writerView,
  ),
};
