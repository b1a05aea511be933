import { z } from 'zod';
import { empty, method } from './method.js';

export const auditEntryView = z.object({
  seq: z.number(),
  time: z.string(),
  action: z.string(),
  outcome: z.enum(['ok', 'failed', 'refused', 'findings']),
  vault: z.string().nullable(),
  detail: z.string(),
});
export type AuditEntryView = z.infer<typeof auditEntryView>;

export const auditMethods = {
  'audit.list': method(
    'The audit log, newest first, and whether its hash chain is intact.',
    empty,
    z.object({ entries: z.array(auditEntryView), intact: z.boolean(), brokenAt: z.number().nullable() }),
  ),
};
