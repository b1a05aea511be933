import type { VaultReader } from '../../vault/reader.js';
import type { ProgressSink } from '../../util/progress.js';
import { restoreInPlace } from './in-place-restore.js';
import type { SelectionItem } from './selection-item.js';

const listed = (fs: { path: string; reason: string }[]) => fs.slice(0, 3).map((f) => `${f.path} (${f.reason})`).join('; ');

/** Runs one back-in-place item and says, in one line, what it did and what the read-back found (the aside folder only for copies read back there). */
export async function placeBack(reader: VaultReader, item: Extract<SelectionItem, { type: 'in-place' }>, progress: ProgressSink, signal?: AbortSignal): Promise<{ ok: boolean; detail: string }> {
  const r = await restoreInPlace(reader, item.layout, progress, signal);
  const aside = r.replaced.length > 0 ? `; ${r.replaced.length} replaced, the current copies moved to ${item.layout.liveRoot}/${item.layout.aside}` : '';
  const suffix = /\.restored-[^/]+$/.exec(item.layout.ops.find((o) => o.beside)?.beside?.toString() ?? '')?.[0] ?? '';
  const beside = r.beside > 0 ? `; ${r.beside} written beside the current copy, as NAME${suffix}` : '';
  const same = r.same > 0 ? `; ${r.same} already as in the snapshot, left as they were` : '';
  const n = item.layout.refused.length;
  const own = n > 0 ? `; ${n} named like Bulkhead's own aside or staging folders not restored (the plan listed them)` : '';
  const what = `${r.placed} entries put back in ${item.destination}${aside}${beside}${same}${own}`;
  if (r.failures.length > 0) return { ok: false, detail: `${what}; ${r.failures.length} not put back: ${listed(r.failures)}` };
  if (r.mismatches.length > 0) return { ok: false, detail: `${what}; ${r.mismatches.length} differ after restore: ${listed(r.mismatches)}` };
  return { ok: true, detail: `${what}; each re-read and re-hashed: content, modes and times equal the snapshot` };
}
