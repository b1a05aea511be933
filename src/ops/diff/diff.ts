import type { VaultReader } from '../../vault/reader.js';
import { snapshotFor } from '../snapshot-ref.js';
import { failedNote, holdsNothing, unreadDiffNote } from '../backup/failed-sources.js';
import { kindOps } from '../kinds/registry.js';
import { BulkheadError, isBulkheadError } from '../../util/errors.js';
import { countAs, type DiffOutcome, type DiffResult, type SourceDiff } from './source-diff.js';

export type { DiffResult, SourceDiff } from './source-diff.js';

/**
 * Snapshot against snapshot, or (with to = 'live') against the sources' live state (folders on this
 * machine, repositories, forges). With `only`, that one source (and "latest" is its own lineage), or
 * those sources (the incident compares each source from its own latest good snapshot).
 */
export async function diffSnapshots(reader: VaultReader, fromSpec: string, to: string | 'live', only?: string | readonly string[]): Promise<DiffResult> {
  const one = typeof only === 'string' ? only : undefined;
  const wanted = only === undefined ? undefined : new Set(typeof only === 'string' ? [only] : only);
  const a = await snapshotFor(reader, fromSpec, one);
  const b = to === 'live' ? undefined : await snapshotFor(reader, to, one);
  const names = new Set([...a.manifest.sources.map((s) => s.name), ...(b ? b.manifest.sources.map((s) => s.name) : [])].filter((n) => !wanted || wanted.has(n)));
  if (wanted && names.size === 0) throw new BulkheadError('NOT_FOUND', `${[...wanted].map((n) => `"${n}"`).join(', ')} ${wanted.size === 1 ? 'is' : 'are'} in neither snapshot ${a.id}${b ? ` nor ${b.id}` : ''}; "bulkhead snapshots" lists the sources of each`);
  const sources: SourceDiff[] = [];
  for (const name of [...names].sort()) {
    const sa = a.manifest.sources.find((s) => s.name === name);
    const sb = b ? b.manifest.sources.find((s) => s.name === name) : sa;
    const kind = (sa ?? sb)!.kind;
    // A side whose backup failed and holds nothing is not "everything removed": say it failed.
    const failedSide = [sa && holdsNothing(sa) && { s: sa, id: a.id }, sb && b && holdsNothing(sb) && { s: sb, id: b.id }].find(Boolean);
    const ops = kindOps(kind);
    const outcome = failedSide ? { status: 'failed' as const, note: failedNote(failedSide.s, failedSide.id), changes: [] } : await diffOne(() => ops.diff({ reader, a, b, name, sa, sb: b ? sb : undefined }));
    const result: SourceDiff = { name, kind, ...(ops.forge && { forge: ops.forge.words.name }), ...outcome, counts: { added: 0, removed: 0, changed: 0 } };
    const gaps = [result.note, unreadDiffNote(sa, a.id), b && unreadDiffNote(sb, b.id)].filter(Boolean);
    if (gaps.length > 0) result.note = gaps.join('; ');
    for (const c of result.changes) result.counts[countAs(c.type)]++;
    sources.push(result);
  }
  return { from: a.id, to: b ? b.id : 'live', sources };
}

/**
 * One source's diff, or why it cannot be made. Its record, trees and documents are its writer's
 * word: one that cannot be read (a tree the vault lacks, a locator that does not parse, a forged
 * document) is that source's "not-comparable", never an error that hides every other source's
 * changes. The store or the session failing is everyone's, and stops the diff.
 */
async function diffOne(run: () => Promise<DiffOutcome>): Promise<DiffOutcome> {
  try {
    return await run();
  } catch (e) {
    if (isBulkheadError(e, 'STORE') || isBulkheadError(e, 'LOCKED')) throw e;
    return { status: 'not-comparable', note: `cannot be compared: ${isBulkheadError(e) ? e.message : `failed unexpectedly: ${(e as Error).message}`}`, changes: [] };
  }
}
