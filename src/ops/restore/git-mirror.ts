import { snapshotFor } from '../snapshot-ref.js';
import { mkdtempSync, promises as fsp } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { VaultReader } from '../../vault/reader.js';
import { type SnapshotInfo } from '../../vault/snapshot-list.js';
import { screenSources, type SourceRecord } from '../../vault/snapshot.js';
import type { GitManifest } from '../../sources/git/manifest.js';
import { loadGitManifest } from '../../sources/git/read-manifest.js';
import { BulkheadError } from '../../util/errors.js';
import { restore } from './restore.js';
import { disarmMirror } from '../../sources/git/disarm-mirror.js';

export interface GitSnapshotSource {
  snap: SnapshotInfo;
  source: SourceRecord;
  manifest: GitManifest;
}

/**
 * The git source NAME of a snapshot with its manifest, or undefined when NAME is not a git source
 * (or its name is refused: see screenSources).
 */
export async function gitSource(reader: VaultReader, snapshot: string, name: string): Promise<GitSnapshotSource | undefined> {
  const snap = await snapshotFor(reader, snapshot);
  const source = screenSources(snap.manifest).sources.find((s) => s.name === name && s.kind === 'git');
  if (!source?.manifest) return undefined;
  const manifest = await loadGitManifest(reader, source.manifest);
  return { snap, source, manifest };
}

export async function requireGitSource(reader: VaultReader, snapshot: string, name: string): Promise<GitSnapshotSource> {
  const found = await gitSource(reader, snapshot, name);
  if (!found) throw new BulkheadError('NOT_FOUND', `snapshot ${snapshot} has no git source named "${name}"`);
  return found;
}

/**
 * Restores a repository's mirror from a snapshot into a temporary folder (in `near`, so that fn can
 * rename it into place on the same file system), runs fn, and removes what is left. A mirror tree
 * with refused entries (names that could leave the folder: a forged snapshot) is not used at all.
 */
export async function withMirror<T>(reader: VaultReader, found: GitSnapshotSource, fn: (mirror: string) => Promise<T>, near = tmpdir(), signal?: AbortSignal): Promise<T> {
  const work = mkdtempSync(join(near, '.bulkhead-git-'));
  try {
    const mirror = join(work, 'repo.git');
    const { refused } = await restore({ reader, snapshot: found.snap.id, path: found.source.name, target: mirror, dryRun: false, overwrite: false, ...(signal && { signal }) });
    if (refused.length > 0) {
      const first = refused.slice(0, 3).map((r) => `${r.path}: ${r.reason}`).join('; ');
      throw new BulkheadError('CORRUPT', `the mirror of ${found.source.name} in snapshot ${found.snap.id} holds ${refused.length} entries restore refused (${first}); it was not used`);
    }
    const removed = await disarmMirror(mirror, found.manifest.url); // hooks and config are the agent's, not the repository's
    await requireRepository(mirror, removed, found);
    return await fn(mirror);
  } finally {
    await fsp.rm(work, { recursive: true, force: true });
  }
}

/** A disarmed mirror without HEAD, objects/ or refs/ (a snapshot whose repository lived under `commondir`'s folder) is refused by name, not left to git's "not a git repository". */
async function requireRepository(mirror: string, removed: readonly string[], found: GitSnapshotSource): Promise<void> {
  const kinds = await Promise.all(['HEAD', 'objects', 'refs'].map((name) => fsp.lstat(join(mirror, name)).then((st) => (name === 'HEAD' ? st.isFile() : st.isDirectory()), () => false)));
  if (kinds.every(Boolean)) return;
  const gone = removed.length > 0 ? ` once what a mirror never holds was removed (${removed.slice(0, 5).join(', ')}${removed.length > 5 ? ', …' : ''})` : '';
  throw new BulkheadError('CORRUPT', `the mirror of ${found.source.name} in snapshot ${found.snap.id} is not a git repository${gone}: a damaged or forged snapshot; restore an earlier one`);
}
