import { z } from 'zod';
import { method } from './method.js';

/** One change of a forge source (GitHub, GitLab) a restore puts back, in words. */
export const forgeStepView = z.object({
  /** `SCOPE:TYPE:TARGET`: what `only` takes back to plan this change alone. */
  key: z.string(),
  type: z.string(),
  /** `OWNER/REPO`, a project's or group's full path, or the account itself. */
  scope: z.string(),
  target: z.string().optional(),
  does: z.string(),
  /** What cannot come back as it was (authors, dates, secret values). */
  cannot: z.string().optional(),
  /** It recreates a repository whose refs carry pipelines ("REF RUNS CI: …"): run only with allowPipelineChanges. */
  runsCi: z.array(z.string()).optional(),
});
export type ForgeStepView = z.infer<typeof forgeStepView>;

export const forgePlanView = z.object({
  /** forge.start runs this plan, exactly as shown, once. */
  planId: z.string(),
  snapshot: z.string(),
  time: z.string(),
  source: z.string(),
  forge: z.enum(['github', 'gitlab']),
  /** The account (GitHub owner) or group path the source backs up. */
  account: z.string(),
  /** What the operator types to confirm: the owner, or the group's full path. */
  confirmWord: z.string(),
  steps: z.array(forgeStepView),
  /** Changes found that no restore can undo, each with why. */
  notRestorable: z.array(z.object({ type: z.string(), scope: z.string(), target: z.string().optional(), note: z.string().optional() })),
});
export type ForgePlanView = z.infer<typeof forgePlanView>;

export const forgeMethods = {
  'forge.plan': method(
    "What a restore of a GitHub or GitLab source would put back: the snapshot's documents against the forge now, read with the operator's restore token. The token is held by the console with this plan only (never stored, logged or returned) and dropped when the plan runs, expires or the identity locks. Writes nothing.",
    z.object({
      vaultId: z.string().min(1),
      snapshot: z.string().min(1),
      source: z.string().min(1),
      /** Changes to plan (`SCOPE`, `SCOPE:TARGET` or a step key); none for every restorable change. */
      only: z.array(z.string().min(1).max(500)).max(1000).default([]),
      token: z.string().min(1).max(1000),
    }),
    forgePlanView,
  ),
  'forge.start': method(
    'Runs a plan forge.plan issued, once, after the operator typed the owner or group path; each step is verified by reading the forge back. Returns a job to follow.',
    z.object({ planId: z.string().min(1).max(100), confirm: z.string().max(1000), allowPipelineChanges: z.boolean().optional() }),
    z.object({ jobId: z.string() }),
  ),
};
