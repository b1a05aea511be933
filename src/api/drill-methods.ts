import { z } from 'zod';
import { empty, method } from './method.js';

export const drillView = z.object({
  key: z.string(),
  id: z.string(),
  scenario: z.string(),
  snapshot: z.string(),
  finished: z.string(),
  passed: z.boolean(),
  rtoSeconds: z.number(),
  rtoTargetSeconds: z.number(),
  rpoSeconds: z.number(),
  rpoTargetSeconds: z.number(),
  steps: z.array(z.object({ source: z.string(), kind: z.string(), ok: z.boolean(), detail: z.string(), writer: z.string().optional() })),
  reasons: z.array(z.string()),
  /** Which sources failed (and whose writer signed them) and how many passed, in one sentence. */
  verdict: z.string(),
});
export type DrillView = z.infer<typeof drillView>;

export const drillMethods = {
  'drills.scenarios': method(
    'The shipped drill scenarios.',
    empty,
    z.array(z.object({ name: z.string(), description: z.string(), rtoMinutes: z.number(), rpoHours: z.number(), containment: z.array(z.string()) })),
  ),
  'drills.list': method(
    'Every drill report stored in the vault, verified (signature and locked copy), newest first; forged or edited ones are listed apart.',
    z.object({ vaultId: z.string().min(1) }),
    z.object({ drills: z.array(drillView), refused: z.array(z.string()) }),
  ),
  'drills.start': method(
    'Runs a drill into a new or empty sandbox folder; returns a job whose result is the stored report key.',
    z.object({
      vaultId: z.string().min(1),
      scenario: z.string().min(1),
      snapshot: z.string().min(1),
      sandbox: z.string().min(1),
      incident: z.string().nullable().default(null),
      containment: z.array(z.boolean()),
    }),
    z.object({ jobId: z.string() }),
  ),
};
