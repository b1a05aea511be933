import type { HostContext } from '../../host/context.js';
import { diffSnapshots } from '../../ops/diff/diff.js';
import { BulkheadError } from '../../util/errors.js';
import { parseSnapshotRef } from '../../ops/snapshot-ref.js';
import { operatorSnapshot, sayOtherRuns } from '../chosen-snapshot.js';
import { withReader } from '../session.js';
import type { OperatorOptions } from '../operator-options.js';
import { printJson, say } from '../output.js';

const MARK = { added: '+', removed: '-', changed: 'M' } as const;

export async function runDiff(host: HostContext, a: string, b: string | undefined, opts: OperatorOptions & { live?: boolean }): Promise<void> {
  if (b && opts.live) throw new BulkheadError('USAGE', 'give a second snapshot or --live, not both');
  if (!b && !opts.live) throw new BulkheadError('USAGE', `compare ${a} with what: a second snapshot ("bulkhead diff ${a} latest") or the live sources ("bulkhead diff ${a} --live")`);
  const from = parseSnapshotRef(a);
  const to = b === undefined ? undefined : parseSnapshotRef(b);
  if ([from.path, to?.path].some((p) => p?.includes('/'))) throw new BulkheadError('USAGE', 'diff compares whole sources: SNAPSHOT or SNAPSHOT:NAME, without a path');
  if (from.path && to?.path && from.path !== to.path) throw new BulkheadError('USAGE', `one source at a time: ${from.path} or ${to.path}`);
  const only = from.path || to?.path || undefined;
  await withReader(host, opts, async (reader) => {
    const result = await diffSnapshots(reader, await operatorSnapshot(reader, from.snapshot, only), to ? await operatorSnapshot(reader, to.snapshot, only) : 'live', only);
    if (!to && !only && from.snapshot === 'latest') await sayOtherRuns(reader, result.from, (name) => `bulkhead diff latest:${name} --live`);
    if (opts.json) return printJson(result);
    say(`diff ${result.from} → ${result.to}`);
    for (const s of result.sources) {
      const { added, removed, changed } = s.counts;
      say(`${s.name} (${s.kind})${s.status !== 'compared' ? ` [${s.status}]` : ''}: +${added} -${removed} M${changed}${s.note ? ` — ${s.note}` : ''}`);
      for (const c of s.changes) {
        if ('scope' in c) say(`  ${c.type} ${c.scope}${c.target ? ` ${c.target}` : ''}${c.fields ? ` (${c.fields.join(', ')})` : ''}${c.note ? ` — ${c.note}` : ''}`);
        else if ('kind' in c) say(`  ${MARK[c.type]} ${c.path}${c.kind === 'dir' ? '/' : ''}${c.fields ? ` (${c.fields.join(', ')})` : ''}`);
        else {
          const span = c.before || c.after ? ` ${c.before?.slice(0, 12) ?? '∅'} → ${c.after?.slice(0, 12) ?? '∅'}` : '';
          // A pipeline change names its file and the branch it is on; a ref change its ref.
          const what = c.path && c.ref ? `${c.path} on ${c.ref.replace(/^refs\/heads\//, '')}` : (c.ref ?? c.path ?? '');
          say(`  ${c.type} ${what}${span}`);
          // The patch whole, as git prints it (diff --git, index, ---, +++, hunks): no line is assumed.
          if (c.patch) say(c.patch.replace(/\n$/, '').split('\n').map((l) => `      ${l}`).join('\n'));
        }
      }
    }
  });
}
