import { z } from 'zod';
import { method } from './method.js';

/** `kind: 'history'`: a repository's history changed (a watched branch deleted or force-pushed, a tag deleted or moved, the default branch changed), not content lost. */
export const anomalyView = z.object({ source: z.string().nullable(), message: z.string(), kind: z.literal('history').optional() });

export const snapshotView = z.object({
  id: z.string(),
  /** The time its writer signed (its own choice). */
  time: z.string(),
  /** When the store received it. */
  storedAt: z.string(),
  /** The time to place it by: the claim, never later than storedAt. */
  at: z.string(),
  /** Whether this is what "latest" means: the newest snapshot with no warnings and no anomalies. */
  latest: z.boolean(),
  /**
   * The sources whose own "latest" this is (`latest:NAME`: the newest snapshot holding it with no
   * warning and no anomaly of its own). Writers in different places back up different sources, so
   * the whole "latest" may hold only some of them.
   */
  latestFor: z.array(z.string()).default([]),
  host: z.string(),
  writer: z.string(),
  /** The tags the backup was given (--tag). */
  tags: z.array(z.string()).default([]),
  bytesAdded: z.number(),
  sources: z.array(
    z.object({
      name: z.string(),
      kind: z.string(),
      files: z.number(),
      bytes: z.number(),
      failed: z.string().optional(),
      /** Entries its backup could not read (permission denied), so the snapshot lacks: how many, and a sentence naming the first. */
      unread: z.object({ count: z.number(), note: z.string() }).optional(),
    }),
  ),
  /** Why this snapshot should not be trusted (revoked writer, broken chain). */
  warnings: z.array(z.string()),
  /** What its content, counted by the reader, says: most of the previous snapshot gone, claims its trees do not bear out. */
  anomalies: z.array(anomalyView),
});
export type SnapshotView = z.infer<typeof snapshotView>;

/** One row of the browser. `path` is what browse, preview and restore take back. */
export const browseEntry = z.object({
  name: z.string(),
  path: z.string(),
  kind: z.enum(['source', 'dir', 'file', 'symlink', 'refs', 'ref', 'pipelines', 'pipeline', 'files']),
  size: z.number().nullable(),
  mtime: z.string().nullable(),
  /** A symlink's target, a ref's commit, a pipeline's system and triggers, a source's kind. */
  detail: z.string().nullable(),
  /** Whether the restore wizard can bring this back. */
  restorable: z.boolean(),
  hasChildren: z.boolean(),
});
export type BrowseEntry = z.infer<typeof browseEntry>;

const at = z.object({ vaultId: z.string().min(1), snapshot: z.string().min(1), path: z.string() });

/** Folders can hold 100,000 entries: the UI asks for the rows it shows, a page at a time. */
export const BROWSE_PAGE = 500;
const page = at.extend({
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(5000).default(BROWSE_PAGE),
  /** Case-insensitive substring of the name; '' for all. */
  filter: z.string().max(200).default(''),
});

export const previewView = z.object({ path: z.string(), size: z.number(), text: z.string().nullable(), truncated: z.boolean(), reason: z.string().nullable() });
export type PreviewView = z.infer<typeof previewView>;

export const browseMethods = {
  'snapshots.list': method(
    'Every verified snapshot, oldest first, with anomalies; refresh re-reads the vault; watch re-reads it only when new snapshots exist and does not count as activity (a background check).',
    z.object({ vaultId: z.string().min(1), refresh: z.boolean().default(false), watch: z.boolean().default(false) }),
    z.object({ snapshots: z.array(snapshotView), tampered: z.array(z.string()) }),
  ),
  'browse.list': method(
    'A page of the entries at a path of a snapshot ("" lists its sources), optionally filtered by name.',
    page,
    z.object({ snapshot: z.string(), time: z.string(), path: z.string(), total: z.number(), offset: z.number(), entries: z.array(browseEntry) }),
  ),
  'browse.preview': method(
    'The first bytes of a file as text, or why it cannot be shown.',
    at,
    previewView,
  ),
};
