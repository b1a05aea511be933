import { z } from 'zod';
import { empty, method } from './method.js';

export const vaultView = z.object({
  id: z.string(),
  name: z.string(),
  url: z.string(),
  /** The sealed identity file last used with this vault (a path, not a secret). */
  identityPath: z.string().nullable(),
  added: z.string(),
});
export type VaultView = z.infer<typeof vaultView>;

const keyed = z.object({ count: z.number(), first: z.string().optional(), last: z.string().optional(), keys: z.array(z.string()) });

export const postureView = z.object({
  store: z.string(),
  versioning: z.string(),
  lockMode: z.string(),
  defaultRetentionDays: z.number().nullable(),
  objects: z.number(),
  /** Objects the latest snapshots need (all, without the identity) with no lock or an expired one. */
  unlockedObjects: z.object({ count: z.number(), keys: z.array(z.string()) }),
  /** The other objects with no lock or an expired one: short-locked (a hijacked agent's junk?) or past the retention. */
  expiredLocks: z.object({ count: z.number(), shortLocked: z.number(), pastRetention: z.number(), keys: z.array(z.string()) }),
  deleteMarkers: keyed,
  overwrites: keyed,
  shortestRetention: z.object({ key: z.string(), retainUntil: z.string(), remainingDays: z.number() }).nullable(),
  staleSources: z.array(z.object({ name: z.string(), newest: z.string(), ageHours: z.number(), rpoHours: z.number() })),
  tampered: z.array(z.string()),
  untrustedSnapshots: z.array(z.string()),
  /** Objects at keys Bulkhead never writes (skipped by every reader). */
  foreignObjects: keyed.extend({ bytes: z.number() }),
  lifecycleRules: z.array(z.object({ id: z.string(), prefix: z.string(), actions: z.array(z.string()), destructive: z.boolean() })),
  immutable: z.boolean(),
  verdict: z.string(),
  notes: z.array(z.string()),
  /** Everything wrong, one entry each (code, one sentence, some keys); any finding is a failed check. */
  findings: z.array(z.object({ code: z.string(), message: z.string(), keys: z.array(z.string()).optional() })),
  /** False when the identity is locked: retention and staleness then cover the whole bucket only. */
  withIdentity: z.boolean(),
});
export type PostureView = z.infer<typeof postureView>;

const vaultId = z.object({ vaultId: z.string().min(1) });

export const vaultMethods = {
  'vaults.list': method('The vaults this console knows (no credentials are kept).', empty, z.array(vaultView)),
  'vaults.add': method(
    'Connects a file:// or s3:// vault read-only and remembers it.',
    z.object({ name: z.string().trim().min(1).max(80), url: z.string().trim().min(1), identityPath: z.string().nullable().default(null) }),
    vaultView,
  ),
  'vaults.remove': method('Forgets a vault (the vault itself is untouched).', vaultId, empty),
  'posture.get': method('Is the recovery layer intact: lock mode, retention read back, delete markers, stale sources.', vaultId, postureView),
};
