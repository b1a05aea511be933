import { z } from 'zod';
import { empty, method } from './method.js';

export const planItemView = z.object({
  /** What is restored (a browse path) and where it lands. */
  source: z.string(),
  destination: z.string(),
  kind: z.string(),
  files: z.number(),
  bytes: z.number(),
  /** Something already exists at the destination: the console never overwrites, so this blocks. */
  exists: z.boolean(),
  /** The first paths this item writes, relative to its destination. */
  writes: z.array(z.string()),
  more: z.number(),
  /** Back in place: every live file this item replaces (each moved aside first, never deleted). */
  replaced: z.array(z.string()).optional(),
  /** What the plan knows it will not write, "PATH: why" (entries the backup could not read, unreadable folders, refused names). */
  leftOut: z.array(z.string()).optional(),
  /** A push into a live repository: each ref whose pipeline files differ from its default branch ("REF RUNS CI: …"); refused unless allowPipelineChanges. */
  runsCi: z.array(z.string()).optional(),
});

/** Back where it was: keep both (the snapshot's copy beside the live one) or replace (the live one moved aside). */
export const conflictChoice = z.enum(['keep-both', 'replace']);

export const restorePlanView = z.object({
  /** The plan's id: restore.start runs this plan, exactly as shown, or nothing. */
  planId: z.string(),
  snapshot: z.string(),
  time: z.string(),
  target: z.string(),
  /** What the operator must type to confirm: the target folder's name, or the repository's when everything goes back into live repositories. */
  confirmWord: z.string(),
  /** It pushes commits into a live repository: a ref whose pipelines differ from live's default branch is refused unless allowPipelineChanges. */
  pushesCommits: z.boolean(),
  items: z.array(planItemView),
  files: z.number(),
  bytes: z.number(),
  blocked: z.array(z.string()),
  /** Set when the plan puts things back where they were, with the choice for what is there now. */
  inPlace: conflictChoice.nullable(),
});
export type RestorePlanView = z.infer<typeof restorePlanView>;

const request = z.object({
  vaultId: z.string().min(1),
  snapshot: z.string().min(1),
  paths: z.array(z.string().min(1)).min(1).max(1000),
  /** The folder to restore into; not needed when inPlace puts each item back where it was. */
  target: z.string().min(1).optional(),
  inPlace: conflictChoice.optional(),
});

export const jobView = z.object({
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  status: z.enum(['running', 'done', 'failed', 'cancelled']),
  phase: z.string(),
  done: z.number(),
  total: z.number().nullable(),
  unit: z.enum(['bytes', 'items']),
  /** Files (or other items) done and planned, beside the bytes, when the work counts them. */
  items: z.object({ done: z.number(), total: z.number() }).nullable(),
  /** Per second, in `unit`, over the last seconds. */
  rate: z.number().nullable(),
  etaSeconds: z.number().nullable(),
  started: z.string(),
  finished: z.string().nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  /** When done: what was checked after writing, one line per item. */
  verification: z.array(
    z.object({
      item: z.string(),
      ok: z.boolean(),
      detail: z.string(),
      /** A forge step's end: read back as in the snapshot; written, but the forge still differs (detail says what); or failed, not restored (detail says why). */
      outcome: z.enum(['verified', 'differs', 'failed']).optional(),
    }),
  ),
  result: z.string().nullable(),
  /** The restore plan this job runs (null for drills). */
  planId: z.string().nullable(),
});
export type JobView = z.infer<typeof jobView>;

export const restoreMethods = {
  'restore.plan': method('The dry run: every item, where it lands, what exists there. Writes nothing.', request, restorePlanView),
  'restore.start': method(
    'Runs a plan restore.plan issued, once, after the operator typed its confirmation word; an unknown, stale or already-run plan is refused. Returns a job to follow.',
    z.object({ planId: z.string().min(1).max(100), confirm: z.string().max(1000), allowPipelineChanges: z.boolean().optional() }),
    z.object({ jobId: z.string() }),
  ),
  'jobs.get': method('The state of a running or finished job.', z.object({ jobId: z.string().min(1) }), jobView),
  'jobs.cancel': method(
    'Stops a running restore at its next file: items verified so far stay, the item being written is not put in place, an item being read back stays written and is named unverified, the rest are not started. The job ends cancelled, its error saying which.',
    z.object({ jobId: z.string().min(1) }),
    jobView,
  ),
  'jobs.list': method('Every job of this session, newest first.', empty, z.array(jobView)),
};
