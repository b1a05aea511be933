import type { VaultReader } from '../../vault/reader.js';
import { snapshotCounter } from './snapshot-counts.js';
import { BulkheadError } from '../../util/errors.js';

/** More entries than any real folder holds (the largest trees seen are a few million). */
export const MOST_ENTRIES = 20_000_000;

/**
 * Refuses to walk trees that expand to more entries than any real folder holds. Trees are
 * content-addressed, so one folder may appear under many names (identical folders are stored
 * once); a hijacked writer can chain 64 small trees, each naming the next twice, into 2^64 paths
 * that would walk forever and fill memory. Counting is per distinct tree (memoized, cached across
 * runs), so this costs one pass over the distinct trees. A tree that cannot be read is left to
 * the walk, which names it.
 */
export async function refuseTreeBomb(reader: VaultReader, roots: readonly { tree: string; path: string }[], snapshot: string, outcome = 'nothing was restored'): Promise<void> {
  const counter = snapshotCounter(reader);
  let total = 0;
  for (const { tree, path } of roots) {
    const counts = await counter.tree(tree).catch(() => undefined);
    if (!counts) continue;
    const entries = counts.files + counts.dirs;
    total += entries;
    if (total <= MOST_ENTRIES) continue;
    const many = entries > 1e15 ? entries.toExponential(1) : entries.toLocaleString('en-US');
    throw new BulkheadError(
      'CORRUPT',
      `${path || 'snapshot ' + snapshot} expands to ${many} entries, more than any real folder holds (${MOST_ENTRIES.toLocaleString('en-US')}): ` +
        `its trees repeat a folder inside itself level after level, as a hijacked writer can forge; ${outcome}. ` +
        `Run "bulkhead check", and revoke the writer that signed snapshot ${snapshot} ("bulkhead snapshots" names it)`,
    );
  }
}
