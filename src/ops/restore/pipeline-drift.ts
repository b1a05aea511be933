import { git, gitText, redact } from '../../sources/git/git.js';
import { PIPELINE_PATHSPECS, pipelineFiles } from '../../sources/git/pipeline-files.js';
import { remoteHead } from '../../sources/git/verify-repo.js';
import { BulkheadError } from '../../util/errors.js';

/** Where the live default branch is fetched into a restore's temporary mirror to compare with. */
export const BASE = 'refs/bulkhead-ci-base';

/** A ref about to be pushed whose pipeline files are not those of the live default branch. */
export interface PipelineDrift {
  /** The ref as it will be named on the live repository. */
  ref: string;
  /** "PATH (new)" or "PATH (changed)". */
  files: string[];
}

/**
 * Which pushes would run a pipeline the live repository does not run now. The commits a restore
 * pushes are its snapshot writer's word: a hijacked agent records a branch or tag whose
 * `.github/workflows/*` or `.gitlab-ci.yml` is its own, and CI runs it on the push (`on: push`,
 * tags included) with the repository's secrets. The live default branch (the one reviews protect)
 * is fetched into the temporary mirror and each pushed commit's pipeline files are compared with
 * it; a file added or changed is drift, unless the default branch held that exact file at that path
 * once (the agent deleted the workflow from it too: putting back what ran before is no drift). A
 * repository without a default branch has no baseline: every pipeline file is new.
 */
export async function pipelineDrift(mirror: string, target: string | null, pushes: readonly { ref: string; commit: string }[], liveHead?: string | null): Promise<{ base: string | null; drift: PipelineDrift[] }> {
  const fetched = target === null ? null : await fetchLiveBase(mirror, target, liveHead); // null target: a repository about to be created
  const emptyTree = (await gitText(['mktree'], { gitDir: mirror, input: '' })).trim();
  // every tree in one process, not a rev-parse per ref: a restore of 500 branches asked 500 times
  const trees = await treesOf(mirror, [...(fetched ? [BASE] : []), ...pushes.map((p) => p.commit)], emptyTree);
  const baseTree = fetched ? trees.shift()! : emptyTree;
  const files = await pipelineFiles(mirror, [baseTree, ...trees]);
  const live = files.get(baseTree) ?? new Map<string, string>();
  const ranBefore = fetched ? await historyOf(mirror) : new Set<string>();
  const drift: PipelineDrift[] = [];
  pushes.forEach((p, i) => {
    const differs = ([path, blob]: [string, string]) => live.get(path) !== blob && !ranBefore.has(`${path}\0${blob}`);
    const changed = [...(files.get(trees[i]!) ?? [])].filter(differs).map(([path]) => `${path} (${live.has(path) ? 'changed' : 'new'})`);
    if (changed.length > 0) drift.push({ ref: p.ref, files: changed.sort() });
  });
  return { base: fetched, drift };
}

/** The tree of each revision, `none` for one that names no tree (a ref to a blob runs no pipeline) or is missing. */
async function treesOf(mirror: string, revs: readonly string[], none: string): Promise<string[]> {
  if (revs.length === 0) return [];
  const out = await gitText(['cat-file', '--batch-check=%(objectname) %(objecttype)'], { gitDir: mirror, input: revs.map((r) => `${r}^{tree}\n`).join('') });
  const lines = out.split('\n');
  return revs.map((_, i) => {
    const [oid, type] = (lines[i] ?? '').split(' ');
    return type === 'tree' && oid ? oid : none;
  });
}

/** The live default branch fetched into the mirror as BASE: its name, or null when there is none to read. `known`: the caller just listed the remote's HEAD. */
export async function fetchLiveBase(mirror: string, target: string, known?: string | null): Promise<string | null> {
  const head = known === undefined ? await remoteHead(target) : known;
  if (!head) return null;
  const r = await git(['fetch', '--quiet', '--no-tags', target, `+refs/heads/${head}:${BASE}`], { gitDir: mirror, okCodes: [0, 1, 128] });
  return r.code === 0 ? head : null;
}

/** Every pipeline file (path and blob) the fetched live default branch's history ever held: `path\0blob`. */
export async function historyOf(mirror: string, paths: readonly string[] = PIPELINE_PATHSPECS): Promise<Set<string>> {
  const r = await git(['log', '--format=', '--raw', '-z', '--no-abbrev', '--no-renames', BASE, '--', ...paths], { gitDir: mirror });
  const out = new Set<string>();
  // Records: ":<old mode> <new mode> <old oid> <new oid> <status>\0<path>\0".
  const parts = r.stdout.toString('utf8').split('\0');
  for (let i = 0; i + 1 < parts.length; i += 2) {
    const head = parts[i]!.replace(/^\n+/, '').split(' ');
    if (head.length >= 4 && !/^0+$/.test(head[3]!)) out.add(`${parts[i + 1]}\0${head[3]}`);
  }
  return out;
}

/** One line per ref: what the plan and the refusal say. */
export function driftLines(base: string | null, drift: readonly PipelineDrift[], none = 'the live repository (no default branch could be read from it to compare with)'): string[] {
  const against = base ? `live ${base}` : none;
  return drift.map((d) => `${d.ref} RUNS CI: ${d.files.slice(0, 5).join(', ')}${d.files.length > 5 ? ` and ${d.files.length - 5} more` : ''} differ${d.files.length === 1 ? 's' : ''} from ${against}`);
}

const SAID = 10;

/** Refuses, before anything is pushed, refs whose pipelines differ from live, unless the operator allowed it. */
export async function requirePipelineConsent(mirror: string, target: string, pushes: readonly { ref: string; commit: string }[], allowed: boolean, liveHead?: string | null): Promise<string[]> {
  const { base, drift } = await pipelineDrift(mirror, target, pushes, liveHead);
  const lines = driftLines(base, drift);
  if (lines.length === 0 || allowed) return lines;
  // A whole repository can carry hundreds of such refs: the first few are named, the rest counted.
  const named = lines.length > SAID ? [...lines.slice(0, SAID), `and ${lines.length - SAID} more refs`] : lines;
  throw new BulkheadError(
    'UNTRUSTED_SOURCE',
    `${named.join('; ')}: pushing ${drift.length === 1 ? 'it' : 'them'} to ${redact(target)} runs the pipeline the snapshot's writer recorded, with that repository's secrets; nothing was pushed. Read ${drift.length === 1 ? 'it' : 'them'} first ("bulkhead ls SNAPSHOT:REPO/refs/REF/files/PATH"), then allow it (--allow-pipeline-changes; in the console, "Allow pipeline changes")`,
  );
}
