import { BulkheadError } from '../../util/errors.js';
import type { GitListed } from './git-listing.js';
import type { MirrorObjects } from './mirror-objects.js';

const header = (content: Buffer, name: string): string | undefined => {
  const end = content.indexOf('\n\n');
  const head = content.subarray(0, end < 0 ? content.length : end).toString('utf8');
  return head.split('\n').find((l) => l.startsWith(`${name} `))?.slice(name.length + 1);
};

/** The tree a ref's object names: a commit's, a tree itself, or what an annotated tag (of a tag…) points at. */
export async function treeOf(objects: MirrorObjects, oid: string): Promise<string> {
  for (let hops = 0; hops < 100; hops++) {
    const o = await objects.get(oid);
    const next = o.type === 'tag' ? header(o.content, 'object') : o.type === 'commit' ? header(o.content, 'tree') : undefined;
    if (o.type === 'tree') return oid;
    if (!next) throw new BulkheadError('NOT_FOUND', `${oid.slice(0, 12)} in the mirror of ${objects.name} is a ${o.type}, which has no files`);
    oid = next;
  }
  throw new BulkheadError('CORRUPT', `${oid.slice(0, 12)} in the mirror of ${objects.name}: tags of tags a hundred deep`);
}

/**
 * Every blob and gitlink below a tree, in `git ls-tree -r -l --full-tree` order, with blob sizes:
 * from `known` (the manifest's sizes of the default branch's blobs) or else the blob's entry head.
 */
export async function listTree(objects: MirrorObjects, tree: string, known: ReadonlyMap<string, number>): Promise<GitListed[]> {
  const out: GitListed[] = [];
  const walk = async (oid: string, prefix: Buffer | undefined, depth: number) => {
    if (depth > 4096) throw new BulkheadError('CORRUPT', `the mirror of ${objects.name} holds trees nested over 4096 deep`);
    const { type, content } = await objects.get(oid);
    if (type !== 'tree') throw new BulkheadError('CORRUPT', `${oid.slice(0, 12)} in the mirror of ${objects.name} is named as a tree but is a ${type}`);
    for (let i = 0; i < content.length; ) {
      const space = content.indexOf(0x20, i);
      const nul = content.indexOf(0, space);
      if (space < 0 || nul < 0 || nul + 1 + objects.hashLen > content.length) throw new BulkheadError('CORRUPT', `tree ${oid.slice(0, 12)} in the mirror of ${objects.name} is not a tree git writes`);
      const mode = content.subarray(i, space).toString('latin1').padStart(6, '0');
      const name = content.subarray(space + 1, nul);
      const child = content.subarray(nul + 1, nul + 1 + objects.hashLen).toString('hex');
      i = nul + 1 + objects.hashLen;
      const raw = prefix ? Buffer.concat([prefix, Buffer.from('/'), name]) : Buffer.from(name);
      if (mode === '040000') await walk(child, raw, depth + 1);
      else if (mode === '160000') out.push({ mode, oid: child, path: raw.toString('utf8'), raw });
      else out.push({ mode, oid: child, path: raw.toString('utf8'), raw, size: known.get(child) ?? (await objects.blobSize(child)) });
    }
  };
  await walk(tree, undefined, 0);
  return out;
}

/** The most of a commit's or tag's message kept for its preview: what a file's preview shows (preview.ts, PREVIEW_BYTES). */
export const MOST_SHOWN = 256 * 1024;

/** A commit (or the tags leading to it) as the console shows a ref: git's own words, from the objects. */
export async function commitText(objects: MirrorObjects, oid: string): Promise<string> {
  let tags = '';
  for (let hops = 0; hops < 100; hops++) {
    const o = await objects.get(oid);
    if (o.type === 'tag') {
      // A message is anyone's who could push: each shown up to what a preview shows, never a chain of 100 large ones kept whole.
      if (tags.length < MOST_SHOWN) tags += `${o.content.subarray(0, MOST_SHOWN).toString('utf8').trim()}\n\n`;
      oid = header(o.content, 'object') ?? '';
      continue;
    }
    if (o.type !== 'commit') return `${tags}${o.type} ${oid}\n`;
    const person = (name: string) => /^(.*) <([^>]*)> (\d+) ([+-]\d{4})$/.exec(header(o.content, name) ?? '') ?? undefined;
    const author = person('author');
    const committer = person('committer');
    const start = o.content.indexOf('\n\n') + 2;
    const body = o.content.subarray(start, start + MOST_SHOWN).toString('utf8');
    return `${tags}commit ${oid}\nAuthor: ${author?.[1]} <${author?.[2]}>\nDate:   ${iso(author)}\nCommitter: ${committer?.[1]}, ${iso(committer)}\n\n${body}\n`; // git show ends its format with a newline
  }
  throw new BulkheadError('CORRUPT', `${oid.slice(0, 12)} in the mirror of ${objects.name}: tags of tags a hundred deep`);
}

/** git's %aI: the local time of the zone the commit was made in, with its offset. */
function iso(person: RegExpExecArray | undefined): string {
  if (!person) return '?';
  const zone = person[4]!;
  const minutes = (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(3)));
  const local = new Date((Number(person[3]) + minutes * 60) * 1000).toISOString().slice(0, 19);
  return `${local}${zone.slice(0, 3)}:${zone.slice(3)}`;
}
