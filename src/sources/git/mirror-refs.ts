import { readdirSync } from 'node:fs';
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
const plain = (ref: string) => PLAIN_REF.test(ref) && !ref.includes('..') && !/\.lock(\/|$)/.test(ref) && !/\.(\/|$)/.test(ref);

/**
 * The refs of the agent's own mirror as `for-each-ref` lists them (name → the object it names),
 * read from its files: packed-refs, then loose refs under refs/, which win. Without starting git,
 * which is most of what an unchanged repository costs. Undefined when anything is not as git
 * itself writes it for a plain repository (a symbolic ref, an odd name or line, a leftover lock):
 * the caller asks git then.
 */
export async function refsFromFiles(dir: string): Promise<Record<string, string> | undefined> {
  const packed = await readFile(join(dir, 'packed-refs'), 'utf8').catch((e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? '' : undefined));
  if (packed === undefined) return undefined;
  const refs = new Map<string, string>();
  for (const line of packed.split('\n')) {
    if (line === '' || line.startsWith('# pack-refs with:') || line.startsWith('^')) continue; // header, peeled tags
    const m = /^([0-9a-f]{40}|[0-9a-f]{64}) (\S+)$/.exec(line);
    if (!m || !plain(m[2]!)) return undefined;
    refs.set(m[2]!, m[1]!);
  }
  let loose;
  try {
    loose = readdirSync(join(dir, 'refs'), { recursive: true, withFileTypes: true }).filter((e) => !e.isDirectory());
  } catch {
    return undefined;
  }
  for (const e of loose) {
    if (!e.isFile()) return undefined;
    const path = join(e.parentPath, e.name);
    const ref = `refs/${path.slice(join(dir, 'refs').length + 1)}`;
    const oid = (await readFile(path, 'utf8').catch(() => '')).trim();
    if (!plain(ref) || !OID.test(oid)) return undefined;
    refs.set(ref, oid);
  }
  return Object.fromEntries([...refs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
