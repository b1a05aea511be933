import type { VaultReader } from '../../vault/reader.js';
import { snapshotFor } from '../../ops/snapshot-ref.js';
import type { IdleGate } from './idle-gate.js';

/** What one warm decodes at most: well inside the reader's tree cache (250,000 entries), which keeps what Browse opened. */
const WARM_ENTRIES = 150_000;
const WARM_TREES = 2_000;

/**
 * The operator browses next, mostly the latest snapshot: its folders are read and decoded into the
 * reader's tree cache while the console is otherwise idle, folder by folder, breadth first. The
 * unlock's count did this as a side effect until counts were kept across sessions; since then a
 * warm session's first page of a 100,000-entry folder waited ~0.4 s for its read and decode (and
 * the index's load), ~0.9 s in Chromium. Stops at its bounds, at a failed read (Browse says why
 * when it gets there), or when `stop()` says so (the session locked, another reader took over).
 */
export async function warmBrowse(reader: VaultReader, snapshotId: string, idle: IdleGate, stop: () => boolean): Promise<void> {
  await idle.idle();
  if (stop()) return;
  const { manifest } = await snapshotFor(reader, snapshotId);
  const queue = manifest.sources.flatMap((s) => (s.kind === 'dir' ? [s.root] : []));
  let entries = 0;
  for (let i = 0; i < queue.length && i < WARM_TREES && entries < WARM_ENTRIES; i++) {
    await idle.idle();
    if (stop()) return;
    const tree = await reader.tree(queue[i]!);
    entries += tree.entries.length;
    for (const e of tree.entries) if (e.kind === 'dir' && e.subtree) queue.push(e.subtree);
  }
}
