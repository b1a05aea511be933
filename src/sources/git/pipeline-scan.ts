import type { CatFile } from './cat-file.js';
import { isTree, TreeReader, type FoundFile } from './git-tree.js';
import { parsePipeline, pipelineSystem, type Pipeline, type PipelineSystem } from './pipelines.js';
import { loadYaml } from './pipeline-yaml.js';

const keyOf = (system: PipelineSystem, blob: string) => `${system}\0${blob}`;
const isPipeline = (path: string) => pipelineSystem(path) !== undefined;
const byPath = (a: Pipeline, b: Pipeline) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

/**
 * Finds and parses the pipelines at many commits at once. Trees come through one cat-file batch,
 * each distinct tree read once; a pipeline file is parsed once per blob id, and blobs parsed by an
 * earlier backup (`known`, from its manifest) are not read at all.
 */
export class PipelineScanner {
  /** Pipeline files read and parsed by this scanner (the rest came from `known` or were repeats). */
  parsedFiles = 0;
  readonly trees: TreeReader;
  #parsed = new Map<string, Pipeline>();

  constructor(private readonly objects: CatFile, known: Iterable<Pipeline> = []) {
    this.trees = new TreeReader(objects, isPipeline);
    for (const p of known) this.#parsed.set(keyOf(p.system, p.blob), p);
  }

  /** Pipelines at each commit, keyed as given; a commit whose object is missing has none. */
  async scan(commits: Record<string, string>): Promise<Record<string, Pipeline[]>> {
    const names = Object.keys(commits);
    const roots = await this.trees.rootTrees(names.map((n) => commits[n]!));
    const distinct = [...new Set(roots.filter((r): r is string => !!r))];
    await this.trees.load(distinct);
    const byRoot = new Map<string, Pipeline[]>();
    const found = new Map(distinct.map((root) => [root, this.trees.find(root)] as const));
    await this.#parse([...found.values()].flat().map(([path, , oid]) => [pipelineSystem(path)!, oid]));
    // GitLab's local includes can live anywhere: they are pipelines because the root file says so.
    const included = new Map<string, FoundFile[]>();
    for (const [root, files] of found) {
      const gitlab = files.find(([path]) => path === '.gitlab-ci.yml');
      const paths = gitlab ? (this.#parsed.get(keyOf('gitlab-ci', gitlab[2]))?.includes ?? []) : [];
      const extra = paths
        .filter((p) => !files.some(([path]) => path === p))
        .map((p) => [p, this.trees.at(root, p)] as const)
        .filter(([, e]) => e && !isTree(e.mode) && e.mode !== '160000')
        .map(([p, e]) => [p, e!.mode, e!.oid] as FoundFile);
      included.set(root, extra);
    }
    await this.#parse([...included.values()].flat().map(([, , oid]) => ['gitlab-ci', oid]));
    for (const [root, files] of found) {
      const all = [...files.map(([path, , oid]) => this.#pipeline(pipelineSystem(path)!, path, oid)), ...included.get(root)!.map(([path, , oid]) => this.#pipeline('gitlab-ci', path, oid))];
      byRoot.set(root, all.sort(byPath));
    }
    return Object.fromEntries(names.map((n, k) => [n, roots[k] ? byRoot.get(roots[k])! : []]));
  }

  #pipeline(system: PipelineSystem, path: string, blob: string): Pipeline {
    const p = this.#parsed.get(keyOf(system, blob))!;
    return p.path === path ? p : { ...p, path };
  }

  /** Reads and parses, in one batch, every (system, blob) not parsed before. */
  async #parse(wanted: [PipelineSystem, string][]): Promise<void> {
    const todo = new Map<string, [PipelineSystem, string]>();
    for (const [system, blob] of wanted) if (!this.#parsed.has(keyOf(system, blob))) todo.set(keyOf(system, blob), [system, blob]);
    const list = [...todo.values()];
    if (list.length > 0) await loadYaml();
    const objs = await this.objects.getMany(list.map(([, blob]) => blob));
    list.forEach(([system, blob], k) => {
      const text = objs[k]?.content.toString('utf8') ?? '';
      this.#parsed.set(keyOf(system, blob), parsePipeline(system, '', blob, text));
      this.parsedFiles++;
    });
  }
}
