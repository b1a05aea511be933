import { join } from 'node:path';
import type { SourceSpec } from '../sources/spec.js';
import type { BackupContext } from '../sources/blob-sink.js';
import { backupDir } from '../sources/dir/backup-dir.js';
import { FileCache } from '../sources/dir/file-cache.js';
import { backupStream } from '../sources/stream/backup-stream.js';
import { backupGit } from '../sources/git/backup-git.js';
import { encodeTree } from '../vault/tree.js';
import { isBulkheadError, missingCase } from '../util/errors.js';
import type { Clock } from '../util/clock.js';

export interface SourceRoot {
  root: string;
  mode?: number;
  mtime?: number;
  manifest?: string;
  excludes?: string[];
  /** Set when the source failed; root is then an empty tree, or a git source's mirror when it got that far. */
  failed?: { reason: string };
}

/**
 * Backs up one source. A failure of the source itself (SOURCE_FAILED: a repository that cannot be
 * reached, a folder that cannot be read, a stream that exits non-zero) is returned as a failed
 * root, so one repository cannot stop every other source's backup; a failure of the vault (store,
 * keys) still throws. `caches` gets the source's file cache only when it succeeded.
 */
export async function backupSource(ctx: BackupContext, spec: SourceSpec, opts: { excludes: string[]; cacheDir: string; clock: Clock; caches: FileCache[] }): Promise<SourceRoot> {
  try {
    switch (spec.kind) {
      case 'dir': {
        const cache = await FileCache.load(join(opts.cacheDir, 'files', `${spec.name}.json`));
        const root = await backupDir(ctx, { root: spec.locator, excludes: opts.excludes, cache });
        opts.caches.push(cache);
        return { ...root, ...(opts.excludes.length > 0 && { excludes: opts.excludes }) };
      }
      case 'stream':
        return { root: await backupStream(ctx, spec.name, spec.locator, opts.clock.now()) };
      case 'git': {
        const cache = await FileCache.load(join(opts.cacheDir, 'files', `${spec.name}.json`));
        const { failed, ...root } = await backupGit(ctx, spec.locator, opts.cacheDir, cache);
        opts.caches.push(cache);
        return { ...root, ...(failed && { failed: { reason: failed } }) };
      }
      default:
        return missingCase(spec.kind);
    }
  } catch (e) {
    if (!isBulkheadError(e, 'SOURCE_FAILED')) throw e;
    return { root: await ctx.sink.add('tree', encodeTree({ entries: [] })), failed: { reason: e.message } };
  }
}
