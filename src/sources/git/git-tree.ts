import { BulkheadError } from '../../util/errors.js';
import type { CatFile } from './cat-file.js';

/** A found file: path from the root, mode, object id. */
export type FoundFile = [path: string, mode: string, oid: string];

const TREE = 0o040000;
const TYPE = 0o170000;

/** The mode git shows for a tree entry (tree-walk's canon_mode): what `ls-tree` prints. */
function canonMode(raw: number): string {
  switch (raw & TYPE) {
    case 0o100000:
      return raw & 0o100 ? '100755' : '100644';
    case 0o120000:
      return '120000';
    case TREE:
      return '040000';
    default:
      return '160000';
  }
}

/**
 * Calls `visit` for each entry of a raw git tree object (`<mode> <name>\0<binary oid>` repeated;
 * 20 oid bytes for SHA-1, 32 for SHA-256) with the raw mode and where its name and oid lie, so a
 * walker decodes only the names and ids it needs.
 */
function eachEntry(content: Buffer, oidBytes: number, visit: (mode: number, nameAt: number, nameEnd: number, oidAt: number) => void): void {
  let i = 0;
  while (i < content.length) {
    let mode = 0;
    let k = i;
    for (; k < content.length && content[k] !== 32; k++) mode = mode * 8 + (content[k]! - 48);
    const nul = content.indexOf(0, k);
    if (k >= content.length || k === i || nul < 0 || nul + 1 + oidBytes > content.length) throw new BulkheadError('SOURCE_FAILED', 'a git tree object does not parse');
    visit(mode, k + 1, nul, nul + 1);
    i = nul + 1 + oidBytes;
  }
}

/**
 * Reads trees through one cat-file batch, each distinct tree once per run, and lists their files.
 * Trees are kept as git's raw bytes and walked in place.
 */
export class TreeReader {
  readonly #raw = new Map<string, Buffer>();

  constructor(private readonly objects: CatFile) {}

  /** The root tree of each commit (undefined for a missing object or one that is not a commit). */
  async rootTrees(commits: string[]): Promise<(string | undefined)[]> {
    const objs = await this.objects.getMany(commits);
    return objs.map((o) => (o?.type === 'commit' ? /^tree ([0-9a-f]+)/.exec(o.content.toString('latin1', 0, Math.min(o.content.length, 80)))?.[1] : undefined));
  }

  /** Loads every tree reachable from the roots that this run has not read yet, level by level, in batches. */
  async load(roots: string[]): Promise<void> {
    let level = [...new Set(roots)].filter((t) => !this.#raw.has(t));
    while (level.length > 0) {
      const objs = await this.objects.getMany(level);
      const next = new Set<string>();
      objs.forEach((o, k) => {
        if (o?.type !== 'tree') return; // missing (an incomplete repository, which the backup names): no files listed under it
        const bytes = level[k]!.length / 2;
        const content = o.content;
        this.#raw.set(level[k]!, content);
        eachEntry(content, bytes, (mode, _a, _b, at) => {
          if ((mode & TYPE) !== TREE) return;
          const oid = content.toString('hex', at, at + bytes);
          if (!this.#raw.has(oid)) next.add(oid);
        });
      });
      level = [...next];
    }
  }

  /**
   * Every blob and gitlink under a loaded tree, in `ls-tree -r` order. A subtree the repository
   * lacks lists nothing; its path goes into `missing` when given.
   */
  files(tree: string, prefix = '', out: FoundFile[] = [], missing?: string[]): FoundFile[] {
    this.#walk(tree, (mode, content, a, b, at, bytes) => {
      const path = prefix + content.toString('utf8', a, b);
      const oid = content.toString('hex', at, at + bytes);
      if ((mode & TYPE) !== TREE) out.push([path, canonMode(mode), oid]);
      else if (this.#raw.has(oid)) this.files(oid, `${path}/`, out, missing);
      else missing?.push(path);
    });
    return out;
  }

  #walk(tree: string, visit: (mode: number, content: Buffer, nameAt: number, nameEnd: number, oidAt: number, oidBytes: number) => void): void {
    const content = this.#raw.get(tree);
    if (!content) return;
    const bytes = tree.length / 2;
    eachEntry(content, bytes, (mode, a, b, at) => visit(mode, content, a, b, at, bytes));
  }
}
