import type { SourceRoot, SourceSpec, SourceBackupOptions } from '../../sources/source.js';
import type { BackupContext } from '../../sources/blob-sink.js';
import { sourceType } from '../../sources/registry.js';
import { encodeTree } from '../../vault/tree.js';
import { isBulkheadError } from '../../util/errors.js';

export type { SourceRoot } from '../../sources/source.js';

/**
 * Backs up one source. A failure of the source itself (SOURCE_FAILED: a repository that cannot be
 * reached, a folder that cannot be read, a stream that exits non-zero) is returned as a failed
 * root, so one repository cannot stop every other source's backup; a failure of the vault (store,
 * keys) still throws. `caches` gets the source's file cache only when it succeeded.
 */
export async function backupSource(ctx: BackupContext, spec: SourceSpec, opts: SourceBackupOptions): Promise<SourceRoot> {
  try {
    return await sourceType(spec.kind).backup(ctx, spec, opts);
  } catch (e) {
    if (!isBulkheadError(e, 'SOURCE_FAILED')) throw e;
    return { root: await ctx.sink.add('tree', encodeTree({ entries: [] })), failed: { reason: e.message } };
  }
}
