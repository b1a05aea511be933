import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { BackupContext } from '../blob-sink.js';
import type { FileCache } from '../dir/file-cache.js';
import { CAT_FILE_ARGS, CatFile } from './cat-file.js';
import { preforkGit, redact } from './git.js';
import { buildManifest, listRefs } from './manifest.js';
import { hasMirror, isLocalPath, mirrorDir, updateMirror, type Mirror } from './mirror-cache.js';
import { healMirror } from './heal-mirror.js';
import { localGitDir } from './local-refs.js';
import { refsFromFiles } from './mirror-refs.js';
import { yamlModule } from '../../util/yaml-module.js';
import { loadMirrorState, saveMirrorState } from './mirror-state.js';
import { clearRewritten, loadRewritten } from './forced-updates.js';
import { fetchLfs, lfsObjectCount } from './lfs.js';
import { pointersAmong, smallBlobsArgs, smallBlobsIfWhole } from './lfs-scan.js';
import { PIPELINE_DIFF_ARGS } from './pipeline-files.js';
import { countStored, storeMirror } from './store-mirror.js';
import { findMissing, type Incomplete } from './completeness.js';
import { sameManifest, sameStrings } from './reuse-manifest.js';
import { partialCloneNote } from './partial-clone.js';
import { uncommitted, uncommittedWarnings } from './work-tree.js';
import { partIds, storeManifest } from './store-manifest.js';

/** What a git backup did besides storing files: tests and the bench read it to check work follows change. */
export interface GitBackupWork {
  /** Pipeline files read and parsed (zero for an unchanged repository). */
  parsedFiles: number;
}

/** A mirror's update (clone or fetch) started ahead of its backup, while the vault opens. */
export class StartedMirror {
  /** No mirror was in the cache: the update is a clone. */
  readonly fresh: boolean;
  readonly updating: Promise<Mirror>;

  /** The git processes a first backup runs once the clone is there, forked while git clones. */
  readonly #held: { close(): void } | undefined;

  constructor(
    readonly cacheDir: string,
    readonly url: string,
  ) {
    this.fresh = !hasMirror(cacheDir, url);
    this.updating = updateMirror(cacheDir, url);
    this.updating.catch(() => {}); // the backup that takes it up says why it failed
    // After the clone a first backup runs cat-file, the pipelines' diff-tree and, for a local path
    // (git checked nothing), the one history walk: forked now, by one shell, while this process
    // waits for git (prefork.ts). Whatever is not asked for never runs.
    const gitDir = mirrorDir(cacheDir, url);
    const after = [CAT_FILE_ARGS, PIPELINE_DIFF_ARGS, ...(isLocalPath(url) ? [smallBlobsArgs('error')] : [])];
    this.#held = this.fresh ? preforkGit(after.map((args) => ({ gitDir, args }))) : undefined;
  }

  /** The held processes not taken by now are let go. */
  release(): void {
    this.#held?.close();
  }
}

/**
 * A git source: every ref the server advertises, HEAD and all reachable objects, kept as the files
 * of a bare mirror (a restore needs no re-indexing), plus a manifest blob with refs, default branch,
 * the file list at its head and the pipelines of every branch. What the last backup of the same
 * mirror learnt (its manifest, the LFS scan) is kept beside the mirror, so only changes cost work.
 */
export async function backupGit(ctx: BackupContext, url: string, cacheDir: string, cache: FileCache, work?: GitBackupWork, started?: StartedMirror) {
  const mirror = started && started.cacheDir === cacheDir && started.url === url ? started : new StartedMirror(cacheDir, url);
  // A first backup parses every pipeline: the YAML parser loads while git clones, when this
  // thread has nothing else to do.
  if (mirror.fresh) yamlModule();
  // It then stores about the repository's packs as new data: the memory they are packed into is
  // touched now too (a fresh page's first write is a fault), and the cut loop run, not while storing.
  if (mirror.fresh) ctx.sink.warm?.(isLocalPath(url) ? packBytes(url) : 0);
  // A checkout's edits that no commit holds: asked beside the clone, said after the backup.
  const edits = uncommitted(url);
  try {
    const result = await backupMirror(ctx, url, await mirror.updating, cache, work, mirror.fresh && isLocalPath(url));
    const found = await edits;
    for (const w of found ? uncommittedWarnings(url, found) : []) ctx.stats.warnings.push(redact(w));
    return result;
  } finally {
    mirror.release();
  }
}

/** `copied`: the mirror is a fresh copy of a local repository's files (which a `git gc` there may have moved meanwhile). */
async function backupMirror(ctx: BackupContext, url: string, { dir: mirror, head, refs: listed, unchanged: nothingMoved, whole, symrefs }: Mirror, cache: FileCache, work?: GitBackupWork, copied = false): Promise<GitBackupResult> {
  const shown = redact(url);
  const state = await loadMirrorState(mirror);
  const previous = state.manifest;
  const refs = listed ?? (await refsFromFiles(mirror)) ?? (await listRefs(mirror));
  // What an incomplete local repository lacked may be back in its files: then the mirror has it
  // now, and is walked again, whether or not anything moved.
  const healed = !!previous?.incomplete && isLocalPath(url) && (await healMirror(mirror, url, previous.incomplete.missing));
  const unchanged = nothingMoved && !healed;
  // Lost objects: said at backup and recorded, so a restore can say so first (an unchanged mirror
  // keeps its verdict, a clone git checked has none). The walks are git processes of their own:
  // they run beside everything below. When the whole history is to be walked both for missing
  // objects and for LFS pointers (nothing known whole, nothing scanned: a first backup of a local
  // repository), one walk answers both unless it finds something missing; only then is the
  // history walked again for what, and again for the pointers of what is there.
  const complete = previous && !previous.incomplete ? Object.values(previous.refs) : [];
  const once = !(unchanged && previous) && !whole && complete.length === 0 && !state.lfs?.scanned.length;
  const small = once ? smallBlobsIfWhole(mirror, [...new Set(Object.values(refs))].sort()) : undefined;
  const missing = unchanged && previous ? Promise.resolve(previous.incomplete) : whole ? Promise.resolve(undefined) : small ? small.then((s) => (s ? undefined : findMissing(mirror, refs, []))) : findMissing(mirror, refs, complete);
  missing.catch(() => {}); // awaited below; a failure there must not also surface as unhandled
  const objects = new CatFile(mirror);
  if (!unchanged) objects.start(); // forked now, while this process is small: it will be asked
  let built;
  let lfs;
  let stored;
  try {
    // The manifest (refs, files, every branch's pipelines) and the LFS scan ask the one cat-file
    // process; the mirror's files are stored beside them. The manifest's and the scan's git
    // processes fork before storing starts: after a fork, every page this process writes again
    // takes a fault, and storing writes many. Only a `git lfs fetch` changes the mirror: then its
    // files are stored again. Everything settles before any error is thrown: no blob is added
    // behind a failed source's back.
    const listing = buildManifest(mirror, shown, objects, refs, { previous, knownHead: head, symrefs });
    listing.catch(() => {}); // settled below either way
    const scanning = fetchLfs(mirror, objects, refs, state.lfs, small?.then((s) => s && pointersAmong(objects, s)));
    const storing = storeMirror(ctx, mirror, cache);
    const [scan, first] = await Promise.allSettled([scanning, storing]);
    const again = scan.status === 'fulfilled' && scan.value.fetched ? storeMirror(ctx, mirror, cache) : storing;
    const [files, listed] = await Promise.allSettled([again, listing]);
    [lfs, , stored, built] = [value(scan), value(first), value(files), value(listed)];
  } finally {
    objects.close();
  }
  const incomplete = await missing;
  // A clone of a local path copies its files: a `git gc` running there meanwhile can pack objects
  // into a pack the copy never saw and delete the loose ones it was about to copy. When what the
  // copy lacks is in the repository's files now, the mirror takes it in (healMirror) and is backed
  // up again, once; nothing of this run is counted or recorded (its blobs stay unreferenced).
  if (incomplete && copied && (await healMirror(mirror, url, incomplete.missing))) return backupMirror(ctx, url, { dir: mirror, head, symrefs }, cache, work);
  countStored(ctx, stored);
  const tree = stored.tree;
  if (incomplete) built.warnings.push(incompleteWarning(shown, incomplete, await partialCloneNote(url)));
  const shallow = shallowWarning(shown, mirror);
  if (shallow) built.warnings.push(shallow);
  const undecoded = undecodedRefsWarning(shown, Object.keys(refs));
  if (undecoded) built.warnings.push(undecoded);
  for (const w of built.warnings) ctx.stats.warnings.push(redact(w));
  if (work) work.parsedFiles += built.parsedFiles;
  // Forced updates the fetch recorded and no stored manifest holds yet: said once, in this one.
  const rewritten = await loadRewritten(mirror);
  const kept = { ...built.manifest, ...(incomplete && { incomplete }), ...(rewritten && { rewritten }) };
  const lfsObjects = lfsObjectCount(mirror);
  // The manifest stored last time, when nothing in it changed and the vault still has it: an
  // unchanged repository neither encodes its manifest again nor rewrites the state beside the mirror.
  const last = state.stored;
  // A format 2 manifest is reused with its parts (each marked used by this snapshot, for retention).
  const same = !!previous && !!last?.parts && last.lfsObjects === lfsObjects && sameManifest(kept, previous) && ctx.sink.reuse(last.id) && partIds(last.parts).every((id) => ctx.sink.reuse(id));
  const seen = new Map<object, string>();
  const saved = same ? { id: last.id, parts: last.parts! } : await storeManifest(ctx.sink, kept, lfsObjects, previous && last?.parts && { manifest: previous, parts: last.parts }, seen);
  const manifestId = saved.id;
  if (!same || !sameStrings(lfs.state.scanned, state.lfs?.scanned) || !sameStrings(lfs.state.oids, state.lfs?.oids)) {
    await saveMirrorState(mirror, { parser: state.parser, manifest: kept, lfs: lfs.state, stored: { id: manifestId, lfsObjects, parts: saved.parts } }, seen);
  }
  if (rewritten) await clearRewritten(mirror);
  // LFS objects that could not be fetched fail the source (the repository's own .lfsconfig names
  // the server), but its git data is whole and kept: the caller records both.
  return { ...tree, manifest: manifestId, ...(lfs.warning && { failed: redact(`${shown}: ${lfs.warning}`) }) };
}

type GitBackupResult = { root: string; mode: number; mtime: number; manifest: string; failed?: string };

/** The bytes of a local repository's packs (what its mirror will mostly be). */
function packBytes(url: string): number {
  const dir = localGitDir(url);
  const packs = dir ? join(dir, 'objects', 'pack') : undefined;
  if (!packs || !existsSync(packs)) return 0;
  try {
    return readdirSync(packs)
      .filter((f) => f.endsWith('.pack'))
      .reduce((n, f) => n + (statSync(join(packs, f), { throwIfNoEntry: false })?.size ?? 0), 0);
  } catch {
    return 0; // unreadable here: the clone will say why
  }
}

const value = <T>(r: PromiseSettledResult<T>): T => {
  if (r.status === 'rejected') throw r.reason;
  return r.value;
};

/**
 * A shallow clone (`git clone --depth`) lacks the history before its boundary commits, and so does
 * its mirror; git walks such a repository without a word, so the backup says it, every time.
 */
function shallowWarning(url: string, mirror: string): string | undefined {
  const boundary = existsSync(join(mirror, 'shallow')) ? readFileSync(join(mirror, 'shallow'), 'utf8').trim() : '';
  if (!boundary) return undefined;
  const commits = [...new Set(boundary.split('\n'))]; // a clone of a shallow clone lists a boundary more than once
  return `${url} is a shallow clone: the history before its ${commits.length} boundary commit(s) (${commits.slice(0, 3).map((c) => c.slice(0, 12)).join(', ')}${commits.length > 3 ? ', …' : ''}) is not in it, so not in this backup either; back up a full clone (git fetch --unshallow)`;
}

/**
 * git allows any bytes in a ref's name but the manifest is JSON text: a name that is not UTF-8 is
 * read with U+FFFD in place of its odd bytes (two such names may even read alike). The mirror's
 * files keep it exactly, so a whole restore brings it back; what reads the manifest cannot name it.
 */
function undecodedRefsWarning(url: string, refs: readonly string[]): string | undefined {
  const odd = refs.filter((r) => r.includes('\uFFFD'));
  if (odd.length === 0) return undefined;
  return `${url}: ${odd.length} ref name(s) are not UTF-8 (${odd.slice(0, 3).map((r) => JSON.stringify(r)).join(', ')}${odd.length > 3 ? ', …' : ''}): the backup keeps them exactly and a whole-repository restore brings them back, but --ref, diff and the console cannot name them (they show \uFFFD); rename them to keep them nameable`;
}

function incompleteWarning(url: string, i: Incomplete, why?: string): string {
  const refs = i.refs.length > 0 ? `reached from ${i.refs.slice(0, 5).join(', ')}${i.refs.length > 5 ? ` and ${i.refs.length - 5} more refs` : ''}` : 'reached from no ref';
  return `${url} is incomplete: ${i.count} objects its history names are missing (${i.missing.slice(0, 3).map((o) => o.slice(0, 12)).join(', ')}${i.count > 3 ? ', …' : ''}), ${refs}${why ? `; ${why}` : ''}; the snapshot records it, and restoring it needs --allow-incomplete`;
}
