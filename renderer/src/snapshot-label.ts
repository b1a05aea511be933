import type { SnapshotView } from '../../src/api/browse-methods.js';
import { ago, count, formatBytes } from './format.js';

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

/**
 * One line that tells snapshots apart: time to the second and how long ago, id, sources, files,
 * bytes, tags, writer, and what speaks against it, in words.
 */
export function snapshotLabel(s: SnapshotView, now = Date.now()): string {
  const files = s.sources.reduce((n, x) => n + x.files, 0);
  const bytes = s.sources.reduce((n, x) => n + x.bytes, 0);
  const parts = [
    `${whenExact(s.at)} (${ago(s.at, now)})`,
    s.id.slice(0, 8),
    `${s.sources.length} ${s.sources.length === 1 ? 'source' : 'sources'} (${s.sources.map((x) => x.name).join(', ')}), ${count(files, 'file')}, ${formatBytes(bytes)}`,
    ...(s.tags.length ? [`tag ${s.tags.join(', ')}`] : []),
    `by ${s.writer}`,
  ];
  const concerns = snapshotConcerns(s);
  return `${parts.join(' · ')}${concerns.length ? ` · ⚠ ${concerns.join('; ')}` : ''}${s.latest ? ' · latest good' : ''}`;
}
