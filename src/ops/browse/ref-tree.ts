import type { VaultReader } from '../../vault/reader.js';
import type { GitManifest } from '../../sources/git/manifest.js';
import { git } from '../../sources/git/git.js';
import { CatFile } from '../../sources/git/cat-file.js';
import { BulkheadError } from '../../util/errors.js';
import { withMirror, type GitSnapshotSource } from '../restore/git-mirror.js';
import { parseLsTree, type GitListed } from './git-listing.js';
import type { BlobSource } from '../restore/git-path-write.js';
import { VaultMirrorFiles } from './mirror-files.js';
import { MirrorObjects, MissingObject, UnsupportedMirror } from './mirror-objects.js';
import { commitText, listTree, MOST_SHOWN, treeOf } from './mirror-tree.js';

/**
 * `REPO/refs/REF/PATH` names PATH in the tree of REF's commit. Ref names hold slashes, so the ref is
 * the longest of the snapshot's refs that the rest starts with (git itself refuses a ref that is a
 * folder of another, so there is one); path is '' for the ref itself.
 */
export function refAt(m: GitManifest, rest: string): { ref: string; commit: string; path: string } | undefined {
  let best: string | undefined;
  for (const ref of Object.keys(m.refs)) {
    if ((rest === ref || rest.startsWith(`${ref}/`)) && ref.length > (best?.length ?? -1)) best = ref;
  }
  return best === undefined ? undefined : { ref: best, commit: m.refs[best]!, path: rest.slice(best.length + 1) };
}

const KEPT = 4;
const trees = new Map<string, GitListed[]>();
const readers = new Map<string, { reader: VaultReader; objects: Promise<MirrorObjects> }>();

/** Forgets the trees listed and the mirrors opened so far (the console's lock: what the key read goes with it). */
export function forgetRefTrees(): void {
  trees.clear();
  readers.clear();
}

/** Mirrors kept open: each holds its pack indexes and up to 32 MiB of chunks and delta bases (mirror-files.ts, mirror-objects.ts). */
const MIRRORS_KEPT = 2;

function kept<V>(map: Map<string, V>, key: string, value: V, most = KEPT): V {
  map.delete(key);
  map.set(key, value); // most recently used last
  if (map.size > most) map.delete(map.keys().next().value!);
  return value;
}

/**
 * The snapshot's mirror read in place (its pack indexes, then only the byte ranges of the objects
 * asked for: mirror-objects.ts); kept open for the next look at the same repository.
 */
export function mirrorObjects(reader: VaultReader, found: GitSnapshotSource): Promise<MirrorObjects> {
  const key = `${found.snap.id}\0${found.source.name}`;
  let open = readers.get(key);
  if (open?.reader !== reader) {
    const hashLen = (Object.values(found.manifest.refs)[0]?.length ?? 40) / 2;
    open = { reader, objects: MirrorObjects.open(new VaultMirrorFiles(reader, found.source.root, found.source.name), hashLen, found.source.name) };
    open.objects.catch(() => readers.delete(key));
  }
  return kept(readers, key, open, MIRRORS_KEPT).objects;
}

/**
 * fast from the mirror's files in the vault; slow (the whole mirror restored to a temporary folder,
 * then git) only when the fast reader does not know the mirror's layout or misses an object there.
 */
async function inPlaceOrRestored<T>(reader: VaultReader, found: GitSnapshotSource, fast: (o: MirrorObjects) => Promise<T>, slow: (mirror: string) => Promise<T>): Promise<T> {
  try {
    return await fast(await mirrorObjects(reader, found));
  } catch (e) {
    if (!(e instanceof UnsupportedMirror || e instanceof MissingObject)) throw e;
    return withMirror(reader, found, slow);
  }
}

/**
 * Every file of a commit's tree with its size (as `git ls-tree -r -l` lists it), read from the
 * snapshot's mirror in place. Trees are content-addressed: the last few listed are kept.
 */
export async function refTree(reader: VaultReader, found: GitSnapshotSource, commit: string): Promise<GitListed[]> {
  const key = `${found.snap.id}\0${found.source.name}\0${commit}`;
  const listed =
    trees.get(key) ??
    (await inPlaceOrRestored(
      reader,
      found,
      async (objects) => listTree(objects, await treeOf(objects, commit), new Map(found.manifest.files.map(([, , blob, size]) => [blob, size]))),
      async (mirror) => {
        const out = await git(['ls-tree', '-r', '-l', '-z', '--full-tree', commit], { gitDir: mirror, okCodes: [128] });
        if (out.code !== 0) throw new BulkheadError('NOT_FOUND', `the mirror of ${found.source.name} has no tree for ${commit}`);
        return parseLsTree(out.stdout);
      },
    ));
  return kept(trees, key, listed);
}

/** The bytes of one blob of the snapshot's mirror, checked against its id. */
export async function mirrorBlob(reader: VaultReader, found: GitSnapshotSource, oid: string): Promise<Buffer> {
  return inPlaceOrRestored(
    reader,
    found,
    async (objects) => {
      const o = await objects.get(oid);
      if (o.type !== 'blob') throw new BulkheadError('NOT_FOUND', `${oid.slice(0, 12)} in the mirror of ${found.source.name} is a ${o.type}, not a file`);
      return o.content;
    },
    async (mirror) => (await git(['cat-file', 'blob', oid], { gitDir: mirror })).stdout,
  );
}

/** Past this size a preview reads a blob's first bytes only (MirrorObjects.blobHead), not the whole, checked, blob. */
const WHOLE_UP_TO = 4 * 1024 * 1024;

/** At least the first `most` bytes of a blob of `size` bytes (all of it, checked, when small). */
export async function mirrorBlobHead(reader: VaultReader, found: GitSnapshotSource, oid: string, size: number, most: number): Promise<Buffer> {
  if (size <= WHOLE_UP_TO) return mirrorBlob(reader, found, oid);
  return inPlaceOrRestored(
    reader,
    found,
    async (objects) => (await objects.blobHead(oid, most)) ?? mirrorBlob(reader, found, oid),
    async (mirror) => (await git(['cat-file', 'blob', oid], { gitDir: mirror, most })).stdout,
  );
}

/**
 * Blobs of the snapshot's mirror for writing out (`writeGitBlobs`), read in place: undefined for one
 * the mirror does not hold; an object that does not hash to its id is an error. When the mirror's
 * layout is one this reader does not know, fn gets git's reader on the restored mirror instead.
 */
export async function withMirrorBlobs<T>(reader: VaultReader, found: GitSnapshotSource, fn: (blobs: BlobSource) => Promise<T>): Promise<T> {
  let objects: MirrorObjects;
  try {
    objects = await mirrorObjects(reader, found);
  } catch (e) {
    if (!(e instanceof UnsupportedMirror)) throw e;
    return withMirror(reader, found, async (mirror) => {
      const git = new CatFile(mirror);
      try {
        return await fn(git);
      } finally {
        git.close();
      }
    });
  }
  const one = (oid: string) =>
    objects.get(oid).then(
      (o) => ({ oid, ...o }),
      (e: unknown) => {
        if (e instanceof MissingObject) return undefined;
        throw e;
      },
    );
  return fn({ getMany: async (oids) => Promise.all(oids.map(one)), streamBlob: (oid, take) => objects.streamBlob(oid, take) });
}

/** A ref's object as the console shows it: the tags on the way (annotated ones), then the commit's id, author, dates and message. */
export async function refCommitText(reader: VaultReader, found: GitSnapshotSource, oid: string): Promise<string> {
  const format = 'commit %H%nAuthor: %an <%ae>%nDate:   %aI%nCommitter: %cn, %cI%n%n%B';
  return inPlaceOrRestored(
    reader,
    found,
    (objects) => commitText(objects, oid),
    async (mirror) => {
      // git prints a message whole: only what a preview shows is read (MOST_SHOWN), git is stopped past it
      const kind = (await git(['cat-file', '-t', oid], { gitDir: mirror })).stdout.toString().trim();
      const tag = kind === 'tag' ? `${(await git(['cat-file', 'tag', oid], { gitDir: mirror, most: MOST_SHOWN })).stdout.toString().trim()}\n\n` : '';
      return tag + (await git(['show', '-s', `--format=${format}`, `${oid}^{commit}`], { gitDir: mirror, most: MOST_SHOWN })).stdout.toString();
    },
  );
}
