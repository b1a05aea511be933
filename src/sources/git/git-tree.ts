import { BulkheadError } from '../../util/errors.js';
import type { CatFile } from './cat-file.js';

export interface TreeEntry {
  name: string;
  mode: string;
  oid: string;
}

/** A found file: path from the root, mode, object id. */
export type FoundFile = [path: string, mode: string, oid: string];

/** A raw git tree object: `<mode> <name>\0<binary oid>` repeated (20 bytes for SHA-1, 32 for SHA-256). */
export function parseTree(content: Buffer, oidBytes: number): TreeEntry[] {
  const out: TreeEntry[] = [];
  let i = 0;
  while (i < content.length) {
    const sp = content.indexOf(32, i);
    const nul = content.indexOf(0, sp);
    if (sp < 0 || nul < 0 || nul + 1 + oidBytes > content.length) throw new BulkheadError('SOURCE_FAILED', 'a git tree object does not parse');
    out.push({ mode: content.subarray(i, sp).toString('latin1'), name: content.subarray(sp + 1, nul).toString('utf8'), oid: content.subarray(nul + 1, nul + 1 + oidBytes).toString('hex') });
    i = nul + 1 + oidBytes;
  }
  return out;
}

export const isTree = (mode: string) => mode === '40000' || mode === '040000';

/**
 * Reads trees through one cat-file batch, each distinct tree once per run (branches share most of
 * theirs), and finds files by path. Results are memoised per (tree, folder): the same subtree at
 * the same place on two branches is walked once.
 */
export class TreeReader {
  readonly trees = new Map<string, TreeEntry[]>();
  #found = new Map<string, FoundFile[]>();

  /** `want` says which paths `find` reports; it is fixed per reader because results are memoised. */
  constructor(
    private readonly objects: CatFile,
    private readonly want: (path: string) => boolean,
  ) {}

  /** The root tree of each commit (undefined for a missing object or one that is not a commit). */
  async rootTrees(commits: string[]): Promise<(string | undefined)[]> {
    const objs = await this.objects.getMany(commits);
    return objs.map((o) => (o?.type === 'commit' ? /^tree ([0-9a-f]+)/.exec(o.content.toString('latin1'))?.[1] : undefined));
  }

  /** Loads every tree reachable from the roots that this run has not read yet, level by level, in batches. */
  async load(roots: string[]): Promise<void> {
    let level = [...new Set(roots)].filter((t) => !this.trees.has(t));
    while (level.length > 0) {
      const objs = await this.objects.getMany(level);
      const next = new Set<string>();
      objs.forEach((o, k) => {
        if (o?.type !== 'tree') throw new BulkheadError('SOURCE_FAILED', `git tree ${level[k]} is missing from the repository`);
        const entries = parseTree(o.content, level[k]!.length / 2);
        this.trees.set(level[k]!, entries);
        for (const e of entries) if (isTree(e.mode) && !this.trees.has(e.oid)) next.add(e.oid);
      });
      level = [...next];
    }
  }

  /** Every file (blob or gitlink) under a loaded tree whose path `want` accepts. */
  find(tree: string, prefix = ''): FoundFile[] {
    const key = `${tree}\0${prefix}`;
    const known = this.#found.get(key);
    if (known) return known;
    const out: FoundFile[] = [];
    for (const e of this.trees.get(tree) ?? []) {
      const path = prefix + e.name;
      if (isTree(e.mode)) out.push(...this.find(e.oid, `${path}/`));
      else if (e.mode !== '160000' && this.want(path)) out.push([path, e.mode, e.oid]);
    }
    this.#found.set(key, out);
    return out;
  }

  /** The entry at a path of a loaded tree. */
  at(tree: string, path: string): TreeEntry | undefined {
    let entries = this.trees.get(tree);
    const parts = path.split('/').filter(Boolean);
    for (let k = 0; k < parts.length; k++) {
      const e = entries?.find((x) => x.name === parts[k]);
      if (!e || k === parts.length - 1) return e;
      entries = this.trees.get(e.oid);
    }
    return undefined;
  }
}
