import type { CatFile } from './cat-file.js';
import { TreeReader } from './git-tree.js';
import { pipelineFiles, type PipelineFiles } from './pipeline-files.js';
import { parsePipeline, pipelineFromYaml, pipelineSystem, type Pipeline, type PipelineSystem } from './pipelines.js';
import { PIPELINE_FILE_LIMIT, PIPELINE_PARSE_BUDGET, deferredError, oversizedError, readYaml } from './pipeline-yaml.js';

const keyOf = (system: PipelineSystem, blob: string) => `${system}\0${blob}`;
type YamlSystem = Exclude<PipelineSystem, 'jenkins'>;
const byPath = (a: Pipeline, b: Pipeline) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

/**
 * A GitLab include as a path to look up in a tree: `a//b` is `a/b`; `.` and `..` name nothing (no
 * tree entry has such a name), nor does a path git's `<tree>:<path>` syntax cannot carry.
 */
function includePath(p: string): string | undefined {
  const parts = p.split('/').filter(Boolean);
  if (parts.length === 0 || parts.some((x) => x === '.' || x === '..') || p.includes('\n')) return undefined;
  return parts.join('/');
}

/**
 * Finds and parses the pipelines at many commits at once. Which pipeline files each commit holds
 * comes from one `git diff-tree` of all their trees (pipeline-files.ts); file contents come through
 * one cat-file batch, and a pipeline file is parsed once per blob id. Blobs parsed by an earlier
 * backup (`known`, from its manifest) are not read at all.
 */
export class PipelineScanner {
  /** Pipeline files read and parsed by this scanner (the rest came from `known` or were repeats). */
  parsedFiles = 0;
  /** Pipeline files left unparsed past the budget, and their bytes. */
  readonly deferred = { files: 0, bytes: 0 };
  /** Bytes of pipeline files this scanner may still read and parse (PIPELINE_PARSE_BUDGET). */
  #budget: number;
  readonly trees: TreeReader;
  #parsed = new Map<string, Pipeline>();
  /** Each parsed pipeline at each path it was found: one object for every branch that has it. */
  #placed = new Map<string, Pipeline>();
  /** Folders below a tree that the repository lacks, by root tree. */
  #gaps = new Map<string, string[]>();
  /** Scanned commits (as keyed in scan) with folders the repository lacks: pipelines there are not listed. */
  readonly unlisted = Object.create(null) as Record<string, string[]>; // keyed by branch names, "__proto__" too

  constructor(
    private readonly objects: CatFile,
    known: Iterable<Pipeline> = [],
    budget = PIPELINE_PARSE_BUDGET,
  ) {
    this.trees = new TreeReader(objects);
    this.#budget = budget;
    // A file deferred by an earlier scan is parsed now, in its turn.
    for (const p of known) if (!p.deferred) this.#parsed.set(keyOf(p.system, p.blob), p);
  }

  /**
   * Pipelines at each commit, keyed as given; a commit whose object is missing has none. `first`
   * (the default branch) is parsed before the others: the budget goes to it first, never to
   * branches whose names an attacker chose to sort before it.
   */
  async scan(commits: Record<string, string>, first?: string): Promise<Record<string, Pipeline[]>> {
    const names = Object.keys(commits).sort((a, b) => Number(b === first) - Number(a === first));
    if (names.length === 0) return {};
    // A root tree the repository lacks (a treeless partial clone, an incomplete repository, which
    // the backup names) has no pipelines to list, and git's diff-tree would fail on it.
    const asked = this.trees.rootTrees(names.map((n) => commits[n]!)).then(async (roots) => {
      const info = await this.objects.infoMany(roots.filter((r): r is string => !!r));
      const present = new Set(info.filter((o) => o?.type === 'tree').map((o) => o!.oid));
      return roots.map((r) => (r && present.has(r) ? r : undefined));
    });
    const listing = pipelineFiles(this.objects.gitDir, asked.then((roots) => roots.filter((r): r is string => !!r)));
    listing.catch(() => {}); // a failure is the trees' own, thrown below
    const roots = await asked;
    // A tree below a root that the repository lacks (an incomplete repository) fails git's
    // diff-tree as a whole: then every tree is walked through cat-file, which lists what exists
    // and notes what is missing (the slow way, for an incomplete repository only).
    const found = await listing.catch(() => this.#walkAll(roots.filter((r): r is string => !!r)));
    const wanted = new Map<string, [PipelineSystem, string]>();
    // In the order of `names` (the default branch first): the budget is spent in this order.
    for (const root of new Set([...roots.filter((r): r is string => !!r), ...found.keys()])) {
      for (const [path, oid] of found.get(root) ?? []) wanted.set(keyOf(pipelineSystem(path)!, oid), [pipelineSystem(path)!, oid]);
    }
    await this.#parse([...wanted.values()]);
    const included = await this.#includes(found);
    await this.#parse([...included.values()].flat().map(([, oid]) => ['gitlab-ci', oid]));
    const byRoot = new Map<string, Pipeline[]>();
    for (const [root, files] of found) {
      const all = [...[...files].map(([path, oid]) => this.#pipeline(pipelineSystem(path)!, path, oid)), ...(included.get(root) ?? []).map(([path, oid]) => this.#pipeline('gitlab-ci', path, oid))];
      byRoot.set(root, all.sort(byPath));
    }
    names.forEach((n, k) => {
      const gaps = roots[k] && this.#gaps.get(roots[k]);
      if (gaps) this.unlisted[n] = gaps;
    });
    return Object.fromEntries(names.map((n, k) => [n, roots[k] ? byRoot.get(roots[k])! : []]));
  }

  /** The pipeline files of each tree, walked through cat-file: a subtree the repository lacks lists nothing and is noted. */
  async #walkAll(roots: string[]): Promise<Map<string, PipelineFiles>> {
    await this.trees.load(roots);
    const out = new Map<string, PipelineFiles>();
    for (const root of new Set(roots)) {
      const missing: string[] = [];
      const files: PipelineFiles = new Map();
      for (const [path, mode, oid] of this.trees.files(root, '', [], missing)) if (mode !== '160000' && pipelineSystem(path)) files.set(path, oid);
      out.set(root, files);
      if (missing.length > 0) this.#gaps.set(root, missing);
    }
    return out;
  }

  /**
   * GitLab's local includes can live anywhere: they are pipelines because the root file says so.
   * Each tree's includes that are not pipeline files already are looked up in one batch.
   */
  async #includes(found: Map<string, PipelineFiles>): Promise<Map<string, [path: string, blob: string][]>> {
    const asks: [root: string, path: string][] = [];
    for (const [root, files] of found) {
      const gitlab = files.get('.gitlab-ci.yml');
      const paths = gitlab ? (this.#parsed.get(keyOf('gitlab-ci', gitlab))?.includes ?? []) : [];
      for (const p of new Set(paths.map(includePath))) if (p && !files.has(p)) asks.push([root, p]);
    }
    const info = await this.objects.infoMany(asks.map(([root, p]) => `${root}:${p}`));
    const out = new Map<string, [string, string][]>();
    asks.forEach(([root, p], k) => {
      const o = info[k];
      if (o?.type === 'blob') out.set(root, [...(out.get(root) ?? []), [p, o.oid]]); // a folder or a submodule is no file
    });
    return out;
  }

  #pipeline(system: PipelineSystem, path: string, blob: string): Pipeline {
    const key = `${keyOf(system, blob)}\0${path}`;
    let placed = this.#placed.get(key);
    if (!placed) {
      const p = this.#parsed.get(keyOf(system, blob))!;
      this.#placed.set(key, (placed = p.path === path ? p : { ...p, path }));
    }
    return placed;
  }

  /** Reads and parses, in one batch, every (system, blob) not parsed before. */
  async #parse(wanted: [PipelineSystem, string][]): Promise<void> {
    const todo = new Map<string, [PipelineSystem, string]>();
    for (const [system, blob] of wanted) if (!this.#parsed.has(keyOf(system, blob))) todo.set(keyOf(system, blob), [system, blob]);
    // A file over the limit is recorded unread (its size from git, its content never loaded): one
    // branch anyone can push to must not exhaust the agent, nor a writer's file the operator's drill.
    const sizes = await this.objects.infoMany([...todo.values()].map(([, blob]) => blob));
    const list: [PipelineSystem, string][] = [];
    const deferredBefore = this.deferred.files;
    [...todo.values()].forEach(([system, blob], k) => {
      const size = sizes[k]?.size ?? 0;
      const unread = (error: string, deferred?: true): Pipeline => ({ system, path: '', blob, triggers: [], jobs: [], valid: false, error, ...(deferred && { deferred }) });
      if (size > PIPELINE_FILE_LIMIT) this.#parsed.set(keyOf(system, blob), unread(oversizedError(size)));
      else if (size > this.#budget) {
        this.#parsed.set(keyOf(system, blob), unread(deferredError(size), true));
        this.deferred.files++;
        this.deferred.bytes += size;
      } else {
        this.#budget -= size;
        list.push([system, blob]);
      }
    });
    const objs = await this.objects.getMany(list.map(([, blob]) => blob));
    const files = list.map(([system, blob], k) => ({ system, blob, text: objs[k]?.content.toString('utf8') ?? '' }));
    // Jenkinsfiles are read with a regular expression, the rest as YAML, here: a parse thread's
    // start cost more CPU than the parse of a first backup's pipelines (test/bench/README.md).
    for (const f of files) {
      const p = f.system === 'jenkins' ? parsePipeline(f.system, '', f.blob, f.text) : pipelineFromYaml(f.system as YamlSystem, '', f.blob, readYaml(f.system as YamlSystem, f.text));
      this.#parsed.set(keyOf(f.system, f.blob), p);
    }
    this.parsedFiles += todo.size - (this.deferred.files - deferredBefore);
  }
}
