import { join } from 'node:path';
import type { VaultReader } from '../../vault/reader.js';
import type { SnapshotInfo } from '../../vault/snapshot-list.js';
import { planInPlace, type Conflict, type InPlaceOp } from './in-place-plan.js';
import type { SelectionItem } from './selection-item.js';
import { ownNamedLines } from './aside-folder.js';

const SHOWN = 20;

function line(op: InPlaceOp, aside: string): string {
  switch (op.action) {
    case 'replace':
      return `${op.shown}: replaced; the current one is moved to ${aside}/${op.shown}`;
    case 'keep-both':
      return `${op.shown}: kept; the snapshot's copy is written beside it as ${op.beside!.toString()}`;
    default:
      return `${op.shown}: not there now; created`;
  }
}

/** A selection of a dir source put back in its live folder: the plan item, every write listed. */
export async function inPlaceItem(reader: VaultReader, snap: SnapshotInfo, path: string, conflict: Conflict, now: Date): Promise<Extract<SelectionItem, { type: 'in-place' }>> {
  const layout = await planInPlace(reader, snap, path, conflict, now);
  const writing = layout.ops.filter((o) => o.action !== 'same' && o.action !== 'keep-dir');
  const files = writing.filter((o) => o.item.entry.kind === 'file');
  const same = layout.ops.length - writing.length;
  const inside = path.split('/').slice(1).join('/');
  const single = layout.ops.length === 1 && layout.ops[0]!.item.entry.kind !== 'dir' && inside !== '';
  return {
    type: 'in-place',
    source: path,
    path,
    conflict,
    layout,
    destination: join(layout.liveRoot, inside),
    kind: single ? layout.ops[0]!.item.entry.kind : 'dir',
    files: files.length,
    bytes: files.reduce((n, o) => n + o.item.entry.size, 0),
    exists: layout.blocked.length > 0,
    ...(layout.blocked.length > 0 && { existsWhy: layout.blocked.join('; ') }),
    replaced: writing.filter((o) => o.action === 'replace').map((o) => o.shown),
    writes: [
      ...ownNamedLines(layout.refused, SHOWN),
      ...writing.filter((o) => o.item.entry.kind !== 'dir').slice(0, SHOWN).map((o) => line(o, layout.aside)),
      ...(same > 0 ? [`${same} ${same === 1 ? 'entry is' : 'entries are'} already as in the snapshot: left as they are`] : []),
    ],
  };
}
