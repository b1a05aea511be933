import { readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The branch the mirror's HEAD names, read from its HEAD file: the mirror is this agent's own bare
 * repository (files ref backend), and a git process per repository is most of what an unchanged
 * one costs. Empty when HEAD is detached or unreadable.
 */
export async function headRefFile(dir: string): Promise<string> {
  const text = await readFile(join(dir, 'HEAD'), 'utf8').catch(() => '');
  const m = /^ref: (refs\/\S+)\s*$/.exec(text);
  return m ? m[1]! : '';
}

const OID = /^([0-9a-f]{40}|[0-9a-f]{64})$/;
/** A ref name git would list as it is (no `..`, no control characters or specials, no `.lock`). */
const PLAIN_REF = /^refs\/(?:[A-Za-z0-9_+@=,-][A-Za-z0-9._+@=,-]*\/)*[A-Za-z0-9_+@=,-][A-Za-z0-9._+@=,-]*$/;
export const isPlainRefName = (ref: string) => PLAIN_REF.test(ref) && !ref.includes('..') && !/\.lock(\/|$)/.test(ref) && !/\.(\/|$)/.test(ref);

/**
 * The refs of the agent's own mirror as `for-each-ref` lists them (name → the object it names),
 * read from its files: packed-refs, then loose refs under refs/, which win. Without starting git,
 * which is most of what an unchanged repository costs. Undefined when anything is not as git
 * itself writes it for a plain repository (a symbolic ref, an odd name or line, a leftover lock):
 * the caller asks git then.
 */
export async function refsFromFiles(dir: string): Promise<Record<string, string> | undefined> {
  const read = await readRefFiles(dir);
  return read && Object.keys(read.symrefs).length === 0 ? read.refs : undefined;
}

/**
 * A loose ref file's text, read synchronously: a repository has hundreds of them, and a promise
 * read is four thread-pool round trips each (open, stat, read, close), one after another; read
 * here they cost ~5 µs each (the bench repository's 261: ~100 ms of a loaded machine → ~2 ms).
 */
function looseRef(path: string): string {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return '';
  }
}

export interface RefFiles {
  /** Every ref as `ls-remote` lists it: a symbolic one with the object its target names. */
  refs: Record<string, string>;
  /** Symbolic refs other than HEAD (`refs/remotes/origin/HEAD` of a clone): name → the ref it names. */
  symrefs: Record<string, string>;
}

/**
 * A repository's refs read from its files, as refsFromFiles, with symbolic refs allowed (a loose
 * file `ref: refs/…`, naming a ref that exists; one that names nothing is left out, as git lists
 * it). Undefined in every other case refsFromFiles is.
 */
export async function readRefFiles(dir: string): Promise<RefFiles | undefined> {
  const packed = await readFile(join(dir, 'packed-refs'), 'utf8').catch((e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? '' : undefined));
  if (packed === undefined) return undefined;
  const refs = new Map<string, string>();
  for (const line of packed.split('\n')) {
    if (line === '' || line.startsWith('# pack-refs with:') || line.startsWith('^')) continue; // header, peeled tags
    const m = /^([0-9a-f]{40}|[0-9a-f]{64}) (\S+)$/.exec(line);
    if (!m || !isPlainRefName(m[2]!)) return undefined;
    refs.set(m[2]!, m[1]!);
  }
  let loose;
  try {
    loose = readdirSync(join(dir, 'refs'), { recursive: true, withFileTypes: true }).filter((e) => !e.isDirectory());
  } catch {
    return undefined;
  }
  const named = new Map<string, string>();
  for (const e of loose) {
    if (!e.isFile()) return undefined;
    const path = join(e.parentPath, e.name);
    const ref = `refs/${path.slice(join(dir, 'refs').length + 1)}`;
    const text = looseRef(path);
    const target = /^ref: (\S+)$/.exec(text)?.[1];
    if (!isPlainRefName(ref) || !(OID.test(text) || (target && isPlainRefName(target)))) return undefined;
    if (target) named.set(ref, target);
    else refs.set(ref, text);
  }
  // A symbolic ref naming another symbolic ref: git resolves chains; these files are not plain.
  for (const target of named.values()) if (named.has(target)) return undefined;
  const symrefs: Record<string, string> = {};
  for (const [ref, target] of named) {
    const oid = refs.get(target);
    if (oid === undefined) continue; // names nothing: git lists it nowhere
    refs.set(ref, oid);
    symrefs[ref] = target;
  }
  return { refs: Object.fromEntries([...refs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))), symrefs };
}
