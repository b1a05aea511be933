import type { ListedManifest, SourceRecord } from '../../vault/snapshot.js';
import { counted } from '../../util/counted.js';
import { oneLine } from '../../util/terminal-text.js';

/**
 * A source whose backup failed holds nothing of it (an empty root), unless it is a git source
 * that got as far as its mirror (the LFS store was down): that one keeps its repository data.
 */
export const holdsNothing = (s: SourceRecord): boolean => !!s.failed && !s.manifest;

/** The failed source a snapshot path starts with ("NAME" or "NAME/…"), when it holds nothing. */
export function emptyFailedSource(manifest: ListedManifest, path: string): SourceRecord | undefined {
  const name = path.split('/').find((p) => p !== '' && p !== '.');
  return manifest.sources.find((s) => s.name === name && holdsNothing(s));
}

/** One sentence: what failed, and what the snapshot still holds of it. */
export function failedNote(s: SourceRecord, snapshot: string): string {
  const kept = s.manifest ? 'its repository data is kept, what failed is not' : 'nothing of it is in this snapshot; restore it from an earlier one';
  return `the backup of ${s.name} failed in snapshot ${snapshot} (${oneLine(s.failed?.reason ?? 'no reason given')}): ${kept}`;
}

/** One sentence: which entries of a source its backup could not read, so the snapshot lacks them. */
export function unreadNote(name: string, unread: NonNullable<SourceRecord['unread']>): string {
  const shown = unread.first.slice(0, 5).map((u) => `${oneLine(u.path)} (${oneLine(u.reason)})`);
  const more = unread.count - shown.length;
  return `${counted(unread.count, 'entry', 'entries')} of ${name} could not be read at backup and ${unread.count === 1 ? 'is' : 'are'} not in the snapshot: ${shown.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
}

/**
 * What a restore of PARTS (a snapshot path split: [] for all, [NAME, …] below) lacks because its
 * source's backup could not read it, as snapshot paths with why. A record names only its first
 * few unread entries: the others are one line, for a folder restore that may hold them.
 */
export function unreadUnder(manifest: ListedManifest, parts: readonly string[], folder: boolean): { path: string; reason: string }[] {
  const out: { path: string; reason: string }[] = [];
  for (const s of manifest.sources) {
    if (!s.unread || (parts.length > 0 && parts[0] !== s.name)) continue;
    const under = parts.slice(1).join('/');
    const inside = (p: string) => !under || p === under || p.startsWith(`${under}/`);
    for (const u of s.unread.first) if (inside(u.path)) out.push({ path: `${s.name}/${u.path}`, reason: `could not be read at backup (${oneLine(u.reason)}): not in this snapshot` });
    const unnamed = s.unread.count - s.unread.first.length;
    if (unnamed > 0 && folder) out.push({ path: [s.name, under].filter(Boolean).join('/'), reason: `${counted(unnamed, 'more entry', 'more entries')} of ${s.name} could not be read at backup and the snapshot does not name them; some may be under this path` });
  }
  return out;
}

/** The note a diff adds for a side whose backup could not read some entries: they show as removed or added. */
export function unreadDiffNote(s: SourceRecord | undefined, snapshot: string): string | undefined {
  if (!s?.unread) return undefined;
  return `${counted(s.unread.count, 'entry', 'entries')} could not be read at the backup of snapshot ${snapshot} (${s.unread.first.slice(0, 3).map((u) => u.path).join(', ')}${s.unread.count > 3 ? ', …' : ''}): ${s.unread.count === 1 ? 'it is' : 'they are'} not in it, so they compare as missing there`;
}
