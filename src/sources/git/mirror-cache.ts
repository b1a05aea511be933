import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { BOUNDED_MEMORY, git, gitText, redact } from './git.js';
import { headRefFile, isPlainRefName, refsFromFiles } from './mirror-refs.js';
import { localAdvertised, type Advertised } from './local-refs.js';
import { addRewritten, FORCED_UPDATE_ARGS, ForcedUpdates } from './forced-updates.js';

/**
 * The agent keeps a bare mirror of each repository: a day-2 backup fetches only what changed and
 * a geometric repack leaves the big old pack untouched, so the vault dedups it. Auto-gc is off (it
 * would rewrite packs). Losing the cache costs a clone, never data. A repository whose refs and
 * HEAD are what the mirror has costs one `ls-remote` (none for a local path whose files say it):
 * no fetch, no repack.
 */
export interface Mirror {
  dir: string;
  /** The ref HEAD names, read from the mirror's HEAD file (null when detached). */
  head: string | null;
  /** The mirror's refs, when updateMirror has them already: nothing moved, or a fresh clone's files. */
  refs?: Record<string, string>;
  /** Nothing moved since the last update: refs and HEAD are what the remote advertises. */
  unchanged?: boolean;
  /**
   * The repository's symbolic refs other than HEAD, when known (a clone or fetch writes them as
   * plain refs into the mirror, as `git clone --mirror` does; a restore makes them symbolic again).
   * Unknown at the first backup of a remote repository, which asks nothing but the clone.
   */
  symrefs?: Record<string, string>;
  /**
   * Cloned just now through git's transport, which checks that every object the refs reach
   * arrived (a clone of a local path copies the source's files and checks nothing).
   */
  whole?: boolean;
}

/**
 * Whether git clones `url` by copying a local repository's files: a path, as git tells paths from
 * URLs (no `scheme://`, and no `host:` before the first slash). file:// URLs use the transport.
 */
export function isLocalPath(url: string): boolean {
  if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(url)) return false;
  const colon = url.indexOf(':');
  const slash = url.indexOf('/');
  return colon < 0 || (slash >= 0 && slash < colon);
}

/**
 * A repository on this machine answers a clone or fetch through git-upload-pack run here, which
 * reads it with git's defaults, not the `-c` given to the clone (git clears them for a local
 * transport): its pack mapped whole. It is run with the same bounded memory (a file:// clone of a
 * 700 MB repository: 689 MB -> 71 MB peak). A remote server's upload-pack is its own.
 */
function boundedUploadPack(url: string): string[] {
  return isLocalPath(url) || /^file:\/\//i.test(url) ? [`--upload-pack=git ${BOUNDED_MEMORY.join(' ')} upload-pack`] : [];
}

export const mirrorDir = (cacheDir: string, url: string) => join(cacheDir, 'git', `${createHash('sha256').update(url).digest('hex').slice(0, 24)}.git`);

/** Whether the cache holds a mirror of `url` already (else the next backup clones it). */
export const hasMirror = (cacheDir: string, url: string) => existsSync(join(mirrorDir(cacheDir, url), 'HEAD'));

/** `dir`: where the mirror is (a new one made beside the old by recloneLocal). */
export async function updateMirror(cacheDir: string, url: string, dir = mirrorDir(cacheDir, url)): Promise<Mirror> {
  if (!existsSync(join(dir, 'HEAD'))) {
    mkdirSync(join(cacheDir, 'git'), { recursive: true });
    // The repository's symbolic refs, which a clone records as plain refs: a local one's read from
    // its files beside the clone. A failure here leaves them unknown.
    const local = isLocalPath(url) ? localAdvertised(url).then((r) => r ?? advertised(url)).catch(() => undefined) : undefined;
    // No template (hooks/*.sample, info/exclude, description): 15 files a mirror never uses, each
    // stored at every first backup, and no hook from the user's init.templateDir runs in it.
    await git([...BOUNDED_MEMORY, 'clone', '--mirror', '--quiet', '--no-hardlinks', '--template=', '--config', 'gc.auto=0', ...boundedUploadPack(url), url, dir]);
    if (redact(url) !== url) await git(['config', 'remote.origin.url', redact(url)], { gitDir: dir }); // no credentials at rest
    // A clone over the network is one pack; a local one copies the source's packs and loose objects.
    if (!(await standAlone(dir)) && !isOnePack(dir)) await git(['repack', '-d', '-q', '--geometric=2'], { gitDir: dir });
    const [refs, head, fromFiles] = await Promise.all([refsFromFiles(dir), headRefFile(dir), local]);
    // A remote one's from one more ls-remote, only when the clone holds a ref that usually is one
    // (refs/remotes/origin/HEAD, pushed from a working copy): a forge's repositories have none, and
    // a round trip each for fifty of them is not free.
    const source = fromFiles ?? (refs && Object.keys(refs).some((r) => r.endsWith('/HEAD')) ? await advertised(url).catch(() => undefined) : undefined);
    return { dir, head: head || null, ...(refs && { refs }), ...(!isLocalPath(url) && { whole: true }), ...(source && { symrefs: source.symrefs }) };
  } else {
    await standAlone(dir); // a mirror cloned before Bulkhead did this
    // A local repository's refs are read from its files when they say plainly what git would list.
    const asked = isLocalPath(url) ? localAdvertised(url).then((r) => r ?? advertised(url)) : advertised(url);
    const [remote, local, head] = await Promise.all([asked, mirrorRefs(dir), headRefFile(dir)]);
    const same = sameRefs(remote.refs, local);
    if (!same) {
      // Not --quiet: git reports each ref it updated, a forced one (a rewrite) as such (forced-updates.ts).
      const forced = new ForcedUpdates();
      const fetched = await git([...BOUNDED_MEMORY, ...FORCED_UPDATE_ARGS, 'fetch', '--prune', '--force', '--no-write-fetch-head', ...boundedUploadPack(url), url, '+refs/*:refs/*'], { gitDir: dir, onStderr: (t) => forced.push(t) }).then(
        () => true,
        (e: unknown) => {
          if (isLocalPath(url)) return false;
          throw e;
        },
      );
      if (!fetched) return recloneLocal(cacheDir, url, dir);
      await addRewritten(dir, forced.branches(local));
      await Promise.all([git(['repack', '-d', '-q', '--geometric=2'], { gitDir: dir }), packLooseRefs(dir)]);
    }
    // The live default branch may have changed since the clone.
    const moved = !!remote.head && remote.head !== head;
    if (moved) await git(['symbolic-ref', 'HEAD', remote.head!], { gitDir: dir });
    const now = (moved ? remote.head! : head) || null;
    const { symrefs } = remote;
    return same ? { dir, head: now, refs: Object.fromEntries(local), unchanged: true, symrefs } : { dir, head: now, symrefs };
  }
}

/** Loose refs a mirror may hold before they are packed: most fetches move a few, and cost no git process for it. */
const LOOSE_REFS = 64;

/**
 * fetch writes each new or moved ref as a file of its own: a repository that gains refs/pull/* by the
 * hour had a mirror of 20,501 loose refs, each a file every backup walked and stored (an unchanged
 * backup 3.5 s against 0.6 s packed). Past LOOSE_REFS they go into the one packed-refs file.
 */
async function packLooseRefs(dir: string): Promise<void> {
  const loose = readdirSync(join(dir, 'refs'), { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
  if (loose > LOOSE_REFS) await git(['pack-refs', '--all'], { gitDir: dir });
}

/**
 * A local repository that lacks objects cannot serve a fetch: its upload-pack refuses to pack what
 * it does not have (a partial clone that fetched new history since, lost objects). The first
 * backup of it worked because a clone copies a local repository's files; so does this one, into a
 * new mirror that replaces the old only once made (its LFS objects kept), and the backup then says
 * what is missing. A clone that fails too leaves the old mirror as it was, and says why.
 */
async function recloneLocal(cacheDir: string, url: string, dir: string): Promise<Mirror> {
  const fresh = `${dir.replace(/\.git$/, '')}.next-${process.pid}.git`;
  rmSync(fresh, { recursive: true, force: true });
  const next = await updateMirror(cacheDir, url, fresh);
  if (existsSync(join(dir, 'lfs'))) renameSync(join(dir, 'lfs'), join(fresh, 'lfs'));
  rmSync(dir, { recursive: true, force: true });
  renameSync(fresh, dir);
  return { ...next, dir };
}

/**
 * A local source that borrows objects (git clone --shared/--reference: CI caches do; GitLab's fork
 * object pools) passes its alternates on to the clone, whose files then lack those objects: every
 * restore of it would fail fsck. `repack -a` copies what the refs reach into the mirror's own
 * pack; then it stands alone. It fails when a lender is gone or lacks objects (a pool deleted, a
 * CI cache cleaned): then every object still there is packed, and the backup says what is
 * missing, instead of the whole source failing. Whether it had to.
 */
export async function standAlone(dir: string): Promise<boolean> {
  const alternates = join(dir, 'objects', 'info', 'alternates');
  if (!existsSync(alternates)) return false;
  await git(['repack', '-a', '-d', '-q'], { gitDir: dir }).catch(() => packEveryObject(dir));
  rmSync(alternates);
  return true;
}

/** Every object the mirror can read, its own and its lenders', into one pack of its own: no walk, so nothing missing stops it. */
async function packEveryObject(dir: string): Promise<void> {
  const all = git(['cat-file', '--batch-all-objects', '--batch-check=%(objectname)'], { gitDir: dir }).then((r) => r.stdout);
  await git(['pack-objects', '-q', join(dir, 'objects', 'pack', 'pack')], { gitDir: dir, input: all });
}

/** One pack and no loose objects: a geometric repack would leave it as it is. */
function isOnePack(dir: string): boolean {
  const objects = join(dir, 'objects');
  const loose = readdirSync(objects).some((d) => /^[0-9a-f]{2}$/.test(d));
  return !loose && readdirSync(join(objects, 'pack')).filter((f) => f.endsWith('.pack')).length <= 1;
}

/** What the repository advertises: its refs (peeled tags left out), the branch HEAD names, its other symbolic refs. */
async function advertised(url: string): Promise<Advertised> {
  const out = await gitText(['ls-remote', '--symref', url]);
  const refs = new Map<string, string>();
  const symrefs: Record<string, string> = {};
  let head: string | undefined;
  for (const line of out.split('\n')) {
    const sym = /^ref: (refs\/\S+)\t(\S+)$/.exec(line);
    if (sym?.[2] === 'HEAD') head = sym[1]!.startsWith('refs/heads/') ? sym[1] : head;
    else if (sym && isPlainRefName(sym[1]!) && isPlainRefName(sym[2]!)) symrefs[sym[2]!] = sym[1]!;
    const [oid, ref] = line.split('\t');
    if (oid && ref && ref !== 'HEAD' && !ref.endsWith('^{}') && !oid.startsWith('ref:')) refs.set(ref, oid);
  }
  return { refs, head, symrefs };
}

async function mirrorRefs(dir: string): Promise<Map<string, string>> {
  const read = await refsFromFiles(dir);
  if (read) return new Map(Object.entries(read));
  const out = await gitText(['for-each-ref', '--format=%(objectname)\t%(refname)'], { gitDir: dir });
  return new Map(out.split('\n').filter(Boolean).map((l) => l.split('\t').reverse() as [string, string]));
}

const sameRefs = (a: Map<string, string>, b: Map<string, string>) => a.size === b.size && [...a].every(([ref, oid]) => b.get(ref) === oid);
