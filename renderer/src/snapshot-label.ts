import type { SnapshotView } from '../../src/api/browse-methods.js';
import { ago, count, formatBytes } from './format.js';
import { shownText } from './shown-text.js';

/** A time to the second, in UTC. */
export const whenExact = (iso: string) => iso.replace('T', ' ').replace(/(\.\d+)?Z$/, ' UTC');

/** What speaks against a snapshot, in words (never a bare ⚠). */
export function snapshotConcerns(s: SnapshotView): string[] {
  return [
    ...s.warnings.map((w) => `untrusted: ${w}`),
    ...s.anomalies.map((a) => `anomaly: ${a.message}`),
    ...s.sources.filter((x) => x.failed !== undefined).map((x) => `backup of ${x.name} failed`),
  ];
}

/** A writer's word inside the one-line label: unseen characters shown escaped, and at most `most` characters of it. */
function said(text: string, most: number): string {
  const shown = shownText(text);
  return shown.length > most ? `${shown.slice(0, most - 1)}…` : shown;
}

/** The first few of a list, and how many more. */
const few = (items: string[], most: number, each: number) => [...items.slice(0, most).map((x) => said(x, each)), ...(items.length > most ? [`${items.length - most} more`] : [])].join(', ');

/**
 * One line that tells snapshots apart: time to the second and how long ago, id, what Bulkhead says
 * of it (latest good; what speaks against it, in words), then what its writer chose: sources,
 * files, bytes, tags, writer. Bulkhead's words come before the writer's, and each of the writer's
 * is shown escaped and short: a tag of 400 blank-looking letters pushed the "⚠ anomaly" out of the
 * picker's view, and one with U+202E drew "latest good" (red team 3).
 */
export function snapshotLabel(s: SnapshotView, now = Date.now()): string {
  const files = s.sources.reduce((n, x) => n + x.files, 0);
  const bytes = s.sources.reduce((n, x) => n + x.bytes, 0);
  const concerns = snapshotConcerns(s);
  const parts = [
    `${whenExact(s.at)} (${ago(s.at, now)})`,
    s.id.slice(0, 8),
    ...(s.latest ? ['latest good'] : []),
    ...(concerns.length ? [`⚠ ${few(concerns, 3, 100)}`] : []),
    `${s.sources.length} ${s.sources.length === 1 ? 'source' : 'sources'} (${few(s.sources.map((x) => x.name), 3, 40)}), ${count(files, 'file')}, ${formatBytes(bytes)}`,
    ...(s.tags.length ? [`tag ${few(s.tags, 3, 40)}`] : []),
    `by ${said(s.writer, 40)}`,
  ];
  return parts.join(' · ');
}
