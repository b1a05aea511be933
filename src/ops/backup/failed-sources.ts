import type { Manifest, SourceRecord } from '../../vault/snapshot.js';

/**
 * A source whose backup failed holds nothing of it (an empty root), unless it is a git source
 * that got as far as its mirror (the LFS store was down): that one keeps its repository data.
 */
export const holdsNothing = (s: SourceRecord): boolean => !!s.failed && !s.manifest;

/** The failed source a snapshot path starts with ("NAME" or "NAME/…"), when it holds nothing. */
export function emptyFailedSource(manifest: Manifest, path: string): SourceRecord | undefined {
  const name = path.split('/').find((p) => p !== '' && p !== '.');
  return manifest.sources.find((s) => s.name === name && holdsNothing(s));
}

/** One sentence: what failed, and what the snapshot still holds of it. */
export function failedNote(s: SourceRecord, snapshot: string): string {
  const kept = s.manifest ? 'its repository data is kept, what failed is not' : 'nothing of it is in this snapshot; restore it from an earlier one';
  return `the backup of ${s.name} failed in snapshot ${snapshot} (${s.failed?.reason ?? 'no reason given'}): ${kept}`;
}
