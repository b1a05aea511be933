import { BulkheadError } from '../../util/errors.js';
import type { BackupContext, BackupStats } from '../blob-sink.js';
import { backupDir } from '../dir/backup-dir.js';
import type { FileCache } from '../dir/file-cache.js';

export interface StoredMirror {
  tree: { root: string; mode: number; mtime: number };
  /** What storing it added to the context's counts (kept only for the run that is used). */
  added: Omit<BackupStats, 'unread'>;
}

const COUNTS = ['files', 'dirs', 'bytes', 'bytesRead'] as const;

/**
 * Stores a mirror's files as a folder, counting into stats of its own: a git backup starts this
 * before it knows whether git-lfs will add files, and stores again if it did (unchanged files are
 * then reused through the file cache and the vault's dedup), so only the run it keeps is counted.
 */
export async function storeMirror(ctx: BackupContext, root: string, cache: FileCache): Promise<StoredMirror> {
  const stats: BackupStats = { ...ctx.stats, warnings: [], unread: [] }; // progress goes on from the counts so far
  const start = { ...stats };
  const tree = await backupDir({ ...ctx, stats }, { root, excludes: [], cache, owners: false });
  // The mirror is the agent's own clone: a file of it it cannot read is a broken repository, not a gap to note.
  const unread = stats.unread[0];
  if (unread) throw new BulkheadError('SOURCE_FAILED', `the mirror's ${unread.path} could not be read (${unread.reason}); delete the agent's mirror cache (${root}) and back up again`);
  const added = { files: 0, dirs: 0, bytes: 0, bytesRead: 0, warnings: stats.warnings };
  for (const k of COUNTS) added[k] = stats[k] - start[k];
  return { tree, added };
}

/** Counts a kept run into the backup's stats. */
export function countStored(ctx: BackupContext, stored: StoredMirror): void {
  for (const k of COUNTS) ctx.stats[k] += stored.added[k];
  ctx.stats.warnings.push(...stored.added.warnings);
}
