import type { BlobStore, FolderObstacle } from '../../storage/blob-store.js';
import { SHARED_FOLDERS, writerIndexPrefix } from '../../vault/key-grammar.js';

/** A writer as a blocked folder names it. */
export interface FolderWriter {
  id: string;
  label: string;
}

/** Each distinct entry in the way (one file at `data` blocks all 256 `data/<2 hex>/`), with the folders it blocks. */
function byEntry(obstacles: readonly FolderObstacle[]): Map<string, { kind: string; prefixes: string[] }> {
  const out = new Map<string, { kind: string; prefixes: string[] }>();
  for (const o of obstacles) {
    const seen = out.get(o.path);
    if (seen) seen.prefixes.push(o.prefix);
    else out.set(o.path, { kind: o.kind, prefixes: [o.prefix] });
  }
  return out;
}

/** Whose writes an entry in the way of these folders stops, in words. */
function whoIsBlocked(prefixes: readonly string[], writers: readonly FolderWriter[]): string {
  const own = writers.filter((w) => prefixes.includes(writerIndexPrefix(w.id)));
  const shared = prefixes.some((p) => p.startsWith('data/') || p === 'index/' || p === 'snapshots/');
  if (shared) return 'every writer\'s backup fails (TAMPERED) when it writes there';
  if (own.length) return `every backup of ${own.map((w) => `writer "${w.label}" (${w.id})`).join(', ')} fails (TAMPERED)`;
  return 'the operator\'s writes there fail (TAMPERED)';
}

/**
 * One sentence per entry of a local vault's folder that stands where Bulkhead needs a folder: what
 * and where it is, whose backups it stops, what to do. A hijacked agent of the vault can make one
 * (a file at `index/<a new writer's id>`) to fail another writer's every backup.
 */
export function obstacleLines(obstacles: readonly FolderObstacle[], writers: readonly FolderWriter[]): string[] {
  return [...byEntry(obstacles)].map(([path, { kind, prefixes }]) => {
    const folders = prefixes.length > 3 ? `${prefixes.slice(0, 3).join(', ')} and ${prefixes.length - 3} more` : prefixes.join(', ');
    return `${path} is ${kind} where the vault needs a folder (${folders}): ${whoIsBlocked(prefixes, writers)}; Bulkhead never makes one there (a hijacked agent of this vault can): remove it by hand (rm ${JSON.stringify(path)}), then find out who made it`;
  });
}

/** The folders writers need, each writer's own index folder with them. */
export const neededFolders = (writers: readonly FolderWriter[]): string[] => [...SHARED_FOLDERS, ...writers.map((w) => writerIndexPrefix(w.id))];

/** Makes the folders a local vault needs (no-op elsewhere); says what is in the way of any. */
export function makeVaultFolders(store: BlobStore, prefixes: readonly string[], writers: readonly FolderWriter[], warn?: (message: string) => void): void {
  const obstacles = store.makeFolders?.(prefixes) ?? [];
  for (const line of obstacleLines(obstacles, writers)) warn?.(line);
}
