import { git } from './git.js';
import { pipelineSystem } from './pipelines.js';

/** A pipeline file at a tree: path → blob id. */
export type PipelineFiles = Map<string, string>;

/**
 * Where pipeline files can be, as git pathspecs: a superset of what pipelineSystem accepts (every
 * system's files sit at the root as *.yml/*.yaml or under a dot-folder, Jenkinsfiles anywhere), so
 * git skips every other subtree and reports few files; pipelineSystem then decides exactly.
 */
export const PIPELINE_PATHSPECS = [':(glob)**/Jenkinsfile', ':(glob)*.yml', ':(glob)*.yaml', '.github/workflows', '.gitlab/ci', '.circleci', '.azure-pipelines', '.buildkite', '.tekton'];

/** The diff-tree that lists them (a first backup forks it ahead: preforkGit). */
export const PIPELINE_DIFF_ARGS = ['diff-tree', '-r', '-z', '--no-renames', '--no-ext-diff', '--stdin', '--', ...PIPELINE_PATHSPECS];

const EMPTY_TREE: Record<number, string> = { 40: '4b825dc642cb6eb9a060e54bf8d69288fbee4904', 64: '6ef19b41225c5369f1c104d45d8d85efa9b057b53b14b4b9b939dd74decc5321' };

/**
 * The pipeline files of many trees in one `git diff-tree --stdin`: the first tree against the
 * empty tree, every other against the first. Git compares subtrees by id, so what branches share
 * costs nothing and only what differs is read; a tree's files are the first's with its changes.
 * Given the trees to come (a promise), git starts at once: a first backup forks its git processes
 * together, before storing the mirror dirties this process's memory (after a fork, each page the
 * parent writes again takes a fault).
 */
export async function pipelineFiles(gitDir: string, trees: string[] | Promise<string[]>): Promise<Map<string, PipelineFiles>> {
  const out = new Map<string, PipelineFiles>();
  if (Array.isArray(trees) && trees.length === 0) return out;
  const unique = Promise.resolve(trees).then((t) => [...new Set(t)]);
  const input = unique.then(([base, ...others]) => (base ? [`${EMPTY_TREE[base.length]} ${base}`, ...others.map((t) => `${base} ${t}`)].join('\n') + '\n' : ''));
  const running = git(PIPELINE_DIFF_ARGS, { gitDir, input });
  running.catch(() => {}); // awaited below unless the trees failed, whose error is the one to tell
  const [base, ...others] = await unique;
  const r = await running;
  if (!base) return out;
  const changes = parseDiffTree(r.stdout);
  const first = new Map<string, string>();
  apply(first, changes.get(base) ?? []);
  out.set(base, first);
  for (const t of others) {
    const files = new Map(first);
    apply(files, changes.get(t) ?? []);
    out.set(t, files);
  }
  return out;
}

/** A change to one path: its new mode and blob id (mode 000000 when deleted). */
type Change = [path: string, mode: string, oid: string];

function apply(files: PipelineFiles, changes: Change[]): void {
  for (const [path, mode, oid] of changes) {
    if (pipelineSystem(path) === undefined) continue;
    // A deleted file, or a gitlink in its place, is no pipeline (a gitlink's content is elsewhere).
    if (mode === '000000' || mode === '160000') files.delete(path);
    else files.set(path, oid);
  }
}

/**
 * `diff-tree -r -z --stdin` output: for each pair a `<tree> <tree>\n` line, then records
 * `:<old mode> <new mode> <old oid> <new oid> <status>\0<path>\0`. Keyed by the second tree.
 */
function parseDiffTree(out: Buffer): Map<string, Change[]> {
  const byTree = new Map<string, Change[]>();
  let current: Change[] = [];
  let at = 0;
  while (at < out.length) {
    if (out[at] === 58 /* : */) {
      const metaEnd = out.indexOf(0, at);
      const pathEnd = out.indexOf(0, metaEnd + 1);
      if (metaEnd < 0 || pathEnd < 0) break;
      const [, mode, , oid] = out.toString('latin1', at + 1, metaEnd).split(' ');
      current.push([out.toString('utf8', metaEnd + 1, pathEnd), mode!, oid!]);
      at = pathEnd + 1;
    } else {
      const nl = out.indexOf(10, at);
      const line = out.toString('latin1', at, nl < 0 ? out.length : nl);
      current = [];
      byTree.set(line.slice(line.indexOf(' ') + 1), current);
      at = nl < 0 ? out.length : nl + 1;
    }
  }
  return byTree;
}
