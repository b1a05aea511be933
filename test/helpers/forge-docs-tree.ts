import type { TreeEntry } from '../../src/vault/tree.js';
import type { RogueWriter } from './rogue-tree.js';

type Made = (name: string) => Promise<TreeEntry>;

/** A forge source's documents as the tree a backup stores them in (folders by path, JSON files); `made` are entries the test makes itself (a forged size, blobs). */
export async function docsTree(rogue: RogueWriter, docs: Map<string, unknown>, made = new Map<string, Made>()): Promise<string> {
  type Node = Map<string, Node | string | Made>;
  const root: Node = new Map();
  const place = (path: string, text: string | Made) => {
    const parts = path.split('/');
    let at = root;
    for (const dir of parts.slice(0, -1)) at = (at.get(dir) as Node | undefined) ?? (at.set(dir, new Map()), at.get(dir) as Node);
    at.set(parts.at(-1)!, text);
  };
  for (const [path, value] of docs) place(path, JSON.stringify(value));
  for (const [path, make] of made) place(path, make);
  // Stored in pieces no larger than the test vault's largest chunk, as a backup stores a large document.
  const file = async (name: string, text: string): Promise<TreeEntry> => {
    const blobs: string[] = [];
    // 20,000 UTF-16 units are at most 60,000 bytes of UTF-8; a surrogate pair is never split.
    for (let at = 0; at < text.length || blobs.length === 0; ) {
      const end = Math.min(text.length, at + 20_000 - (/[\ud800-\udbff]/.test(text[at + 19_999] ?? '') ? 1 : 0));
      blobs.push((await rogue.file(name, text.slice(at, end))).blobs![0]!);
      at = end;
    }
    return { ...(await rogue.file(name, '')), size: Buffer.byteLength(text), blobs };
  };
  const entries = async (n: Node): Promise<TreeEntry[]> => Promise.all([...n].sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, x]) => (typeof x === 'string' ? file(name, x) : typeof x === 'function' ? x(name) : entries(x).then((e) => rogue.dir(name, e)))));
  return rogue.tree(await entries(root));
}
