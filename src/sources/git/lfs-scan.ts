import type { CatFile } from './cat-file.js';
import { git } from './git.js';

/** A Git LFS pointer file (the spec keeps them under 1024 bytes). */
const POINTER = /^version https:\/\/git-lfs\.github\.com\/spec\/v1\n(?:[a-z0-9.-]+ [^\n]*\n)*?oid sha256:([0-9a-f]{64})\n/;
const PREFIX = Buffer.from('version https://git-lfs.github.com/spec/v1\n');
/** The version line and an `oid sha256:` line of 64 hex digits: no pointer is shorter. */
const MIN_POINTER = PREFIX.length + 'oid sha256:\n'.length + 64;
/** Small blobs read per cat-file request: at most 8 MiB of content at once (each is under 1 KiB). */
const BATCH = 8192;

/**
 * The LFS objects named by pointer files anywhere in the history of `tips`, leaving out what is
 * reachable from `scanned` (tips an earlier backup scanned): one rev-list of the new small blobs and
 * one cat-file batch to read them, so an unchanged repository costs nothing here and a first
 * backup about one `rev-list --objects --all`. Objects the repository lacks are skipped here
 * (an incomplete repository is reported by findMissing, not failed by this scan).
 */
export async function lfsPointers(gitDir: string, objects: CatFile, tips: string[], scanned: string[]): Promise<string[]> {
  const present = scanned.length === 0 ? [] : (await objects.getMany(scanned)).filter((o) => o !== undefined).map((o) => o.oid);
  const seen = present.map((t) => `^${t}`);
  // git's walk stops at a missing commit (the backup names the refs that reach one incomplete): then
  // the commits that are there are found through cat-file, past the missing ones, and the trees of
  // each are listed, so a pointer added after a lost commit is found too. Slower, and only then.
  const blobs = await smallBlobs(gitDir, [...tips, ...seen], 'allow-any').catch(async () => smallBlobs(gitDir, await presentHistory(objects, tips), 'allow-any', true));
  return pointersAmong(objects, blobs);
}

/**
 * The commits in the history of `tips` that the repository has, walked level by level through
 * cat-file past any commit it lacks (whose own ancestors stay unknown, unless another path reaches
 * them); tags are peeled, a tip that is a tree or a blob is kept as it is.
 */
export async function presentHistory(objects: CatFile, tips: string[]): Promise<string[]> {
  const found: string[] = [];
  const asked = new Set(tips);
  let level = [...asked];
  while (level.length > 0) {
    const next: string[] = [];
    const follow = (oid: string) => {
      if (asked.has(oid)) return;
      asked.add(oid);
      next.push(oid);
    };
    (await objects.getMany(level)).forEach((o, k) => {
      if (!o) return; // lost: nothing beyond it is known from here
      const header = o.type === 'commit' || o.type === 'tag' ? o.content.toString('latin1', 0, headerEnd(o.content)) : '';
      if (o.type === 'tag') for (const m of header.matchAll(/^object ([0-9a-f]+)$/gm)) follow(m[1]!);
      else found.push(level[k]!);
      if (o.type === 'commit') for (const m of header.matchAll(/^parent ([0-9a-f]+)$/gm)) follow(m[1]!);
    });
    level = next;
  }
  return found;
}

/** Where a commit's or tag's header ends (the blank line before its message). */
const headerEnd = (content: Buffer) => {
  const at = content.indexOf('\n\n');
  return at < 0 ? content.length : at;
};

/**
 * The small blobs in the history of `tips` (LFS pointers among them), when that history lacks no
 * object: git fails this walk on any missing commit, tree or blob (`--missing=error`; with the
 * type filter `--missing=print` passes a missing tree over in silence). Undefined when something
 * is missing or the walk failed: then the caller walks for each answer on its own (findMissing,
 * lfsPointers). A first backup of a complete local repository so walks its history once, not twice.
 */
export async function smallBlobsIfWhole(gitDir: string, tips: string[]): Promise<string[] | undefined> {
  return smallBlobs(gitDir, tips, 'error').catch(() => undefined);
}

/**
 * The walk's arguments (a first backup forks the whole-history one ahead: preforkGit). A pack's
 * reachability bitmap, where the mirror has one (a local repository's, copied with its pack), answers
 * the walk for the history it covers without reading a commit or tree: 20,000 commits in 0.12
 * CPU s instead of 1.7, the same blobs. Every object a bitmap names is in its pack, so
 * `--missing=error` still fails on anything missing (git walks outside the bitmap as before); a
 * mirror without one is walked as without the flag.
 */
export const smallBlobsArgs = (missing: 'allow-any' | 'error') => ['rev-list', '--objects', '--no-object-names', '--stdin', '--use-bitmap-index', '--filter=blob:limit=1024', '--filter=object:type=blob', `--missing=${missing}`];

/** `each`: list the trees of exactly the given commits (`--no-walk`), not their history. */
async function smallBlobs(gitDir: string, input: string[], missing: 'allow-any' | 'error', each = false): Promise<string[]> {
  if (input.length === 0) return [];
  const list = await git([...smallBlobsArgs(missing), ...(each ? ['--no-walk'] : [])], { gitDir, input: input.join('\n') + '\n' });
  return list.stdout.toString('latin1').split('\n').filter(Boolean);
}

/** The LFS objects the pointer files among these blobs name. */
export async function pointersAmong(objects: CatFile, blobs: string[]): Promise<string[]> {
  const oids = new Set<string>();
  // In batches, the next asked for while this one is matched: a history of millions of small blobs
  // (anyone who can push can add them) is read 8 MiB at a time, not held whole in the agent's memory.
  const batch = (at: number) => (at < blobs.length ? objects.getMany(blobs.slice(at, at + BATCH)) : undefined);
  let next = batch(0);
  for (let at = 0; next; at += BATCH) {
    const got = await next;
    next = batch(at + BATCH);
    for (const o of got) {
      // Most small blobs are not pointers: their first bytes say so without a string made of each.
      const m = o?.type === 'blob' && o.content.length >= MIN_POINTER && o.content.subarray(0, PREFIX.length).equals(PREFIX) ? POINTER.exec(o.content.toString('latin1')) : null;
      if (m) oids.add(m[1]!);
    }
  }
  return [...oids];
}
