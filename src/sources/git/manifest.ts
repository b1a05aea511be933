import { z } from 'zod';
import { CatFile } from './cat-file.js';
import { git, gitText } from './git.js';
import { filesAt } from './file-list.js';
import { chooseDefaultBranch } from './default-branch.js';
import { PipelineScanner } from './pipeline-scan.js';
import { PIPELINE_PARSE_BUDGET } from './pipeline-yaml.js';
import type { Pipeline } from './pipelines.js';
import { gitPipelinesSchema, pipelinesOf } from './pipeline-schema.js';
import { submodulesAt, type Submodule } from './submodules.js';
import type { Incomplete } from './completeness.js';
import { MAX_REWRITTEN, type Rewritten } from './forced-updates.js';

/**
 * What a snapshot says about a repository, readable without restoring it: the whole manifest, as
 * format 1 stores it in one blob and format 2 in parts (manifest-parts.ts); loadGitManifest
 * (read-manifest.ts) gives this shape for both, `format` then naming the shape, not the stored blob.
 */
export interface GitManifest {
  format: 'bulkhead-git-manifest/1';
  url: string;
  head: string | null;
  defaultBranch: string | null;
  refs: Record<string, string>;
  /** [path, mode, blob id, size] at the head of the default branch (a submodule: mode 160000, its pinned commit, 0). */
  files: [string, string, string, number][];
  /** Pipelines found at the head of every branch. */
  pipelines: Record<string, Pipeline[]>;
  /** Git LFS objects kept with the mirror (absent in manifests written before LFS support). */
  lfsObjects?: number;
  /** The branch HEAD names when it does not exist; defaultBranch is then a fallback. */
  danglingHead?: string;
  /** Submodules at the default branch: their content is not part of this backup. */
  submodules?: Submodule[];
  /** Objects the history names but the repository lacked at backup, and the refs that reach them. */
  incomplete?: Incomplete;
  /**
   * Symbolic refs other than HEAD (name → the ref it names, both in `refs`): the mirror holds them
   * as plain refs, as `git clone --mirror` does; a restore into a path makes them symbolic again.
   */
  symrefs?: Record<string, string>;
  /**
   * Branches the backup agent saw force-pushed since its mirror's last fetch: git's fetch reported
   * the old tip is not an ancestor of the new one (forced-updates.ts). The agent's word, recorded
   * once, in the first manifest after the fetch; at most MAX_REWRITTEN names, `count` all of them.
   */
  rewritten?: Rewritten;
}

/** The fields format 1 and format 2 (manifest-parts.ts) share, beside refs, files and pipelines. */
export const gitManifestCommon = {
  url: z.string(),
  head: z.string().nullable(),
  defaultBranch: z.string().nullable(),
  lfsObjects: z.number().int().optional(),
  danglingHead: z.string().optional(),
  submodules: z.array(z.object({ path: z.string(), url: z.string().optional(), commit: z.string() })).optional(),
  incomplete: z.object({ missing: z.array(z.string()), count: z.number().int(), refs: z.array(z.string()) }).optional(),
  symrefs: z.record(z.string()).optional(),
  rewritten: z.object({ refs: z.array(z.string()).max(MAX_REWRITTEN), count: z.number().int().nonnegative() }).optional(),
};

export const gitFilesSchema = z.array(z.tuple([z.string(), z.string(), z.string(), z.number()]));
export { gitPipelinesSchema };

/** Format 1: the whole manifest in one blob (and what every reader gets, whatever the format stored). */
export const gitManifestSchema = z.object({
  format: z.literal('bulkhead-git-manifest/1'),
  refs: z.record(z.string()),
  files: gitFilesSchema,
  pipelines: gitPipelinesSchema,
  ...gitManifestCommon,
}) as unknown as z.ZodType<GitManifest>;

export async function listRefs(gitDir: string): Promise<Record<string, string>> {
  const text = await gitText(['for-each-ref', '--format=%(objectname) %(refname)'], { gitDir });
  const refs: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const i = line.indexOf(' ');
    if (i > 0) refs[line.slice(i + 1)] = line.slice(0, i);
  }
  return refs;
}

/** Pipelines at one revision (a drill's restored repository, say). */
export async function pipelinesAt(gitDir: string, rev: string): Promise<Pipeline[]> {
  const objects = new CatFile(gitDir);
  try {
    return (await new PipelineScanner(objects).scan({ rev })).rev!;
  } finally {
    objects.close();
  }
}

export async function headRef(gitDir: string): Promise<string | null> {
  const r = await git(['symbolic-ref', '-q', 'HEAD'], { gitDir, okCodes: [1] });
  return r.code === 0 ? r.stdout.toString().trim() : null;
}

export interface ManifestBuild {
  manifest: GitManifest;
  warnings: string[];
  /** Pipeline files read and parsed by this build (zero when nothing changed). */
  parsedFiles: number;
}

const BRANCH = 'refs/heads/';

export interface ManifestOptions {
  /** The last manifest of the same mirror, built by the same parser: what did not move is kept. */
  previous?: GitManifest;
  /** What HEAD names, when the caller has read it already. */
  knownHead?: string | null;
  /** The repository's symbolic refs other than HEAD, when known (Mirror.symrefs). */
  symrefs?: Record<string, string>;
}

/**
 * The manifest of a mirror, doing only what changed since `previous` (the last manifest of the same
 * mirror, built by the same parser): branches whose tip did not move keep their pipelines, the file
 * list is kept while the default branch stays put, and pipeline files are parsed once per blob id.
 * `refs` are the mirror's (listRefs).
 */
export async function buildManifest(gitDir: string, url: string, objects: CatFile, refs: Record<string, string>, opts: ManifestOptions = {}): Promise<ManifestBuild> {
  const { previous, knownHead } = opts;
  const symrefs = Object.entries(opts.symrefs ?? {}).filter(([ref, target]) => refs[ref] !== undefined && refs[ref] === refs[target]);
  const head = knownHead !== undefined ? knownHead : await headRef(gitDir);
  const chosen = chooseDefaultBranch(head, refs);
  const warnings = chosen.danglingHead ? [`${url}: HEAD names ${chosen.danglingHead}, which does not exist; ${chosen.defaultBranch ? `${chosen.defaultBranch} is taken as the default branch` : 'the repository has no branch'}`] : [];
  const defaultBranch = chosen.defaultBranch;
  const tip = defaultBranch ? refs[BRANCH + defaultBranch] : undefined;
  const sameTip = (ref: string) => !!previous && previous.refs[ref] === refs[ref];
  const keepFiles = !!previous && previous.defaultBranch === defaultBranch && !!tip && sameTip(BRANCH + defaultBranch);

  // Keyed by branch names, which may be "__proto__" or "constructor": objects without a prototype.
  const pipelines = Object.create(null) as Record<string, Pipeline[]>;
  const moved = Object.create(null) as Record<string, string>;
  for (const ref of Object.keys(refs).filter((r) => r.startsWith(BRANCH))) {
    const branch = ref.slice(BRANCH.length);
    const kept = previous && pipelinesOf(previous.pipelines, branch);
    // A branch with a pipeline deferred by the last backup's budget is scanned again, as if it moved.
    if (sameTip(ref) && !kept?.some((p) => p.deferred)) {
      if (kept) pipelines[branch] = kept;
    } else moved[branch] = refs[ref]!;
  }
  const scanner = new PipelineScanner(objects, previous ? Object.values(previous.pipelines).flat() : []);
  // The file list asks the same cat-file process, for trees the scan reads anyway and blob sizes:
  // git answers it while the pipelines found are parsed.
  const listing = keepFiles ? Promise.resolve(previous.files) : tip ? filesAt(scanner.trees, objects, tip) : Promise.resolve([]);
  listing.catch(() => {}); // awaited below; a failure there must not also surface as unhandled
  for (const [branch, found] of Object.entries(await scanner.scan(moved, defaultBranch ?? undefined))) if (found.length > 0) pipelines[branch] = found;
  const unlisted = unlistedWarning(url, scanner.unlisted);
  if (unlisted) warnings.push(unlisted);
  const { files: deferredFiles, bytes: deferredBytes } = scanner.deferred;
  if (deferredFiles > 0) warnings.push(`${url}: ${deferredFiles} pipeline file${deferredFiles === 1 ? '' : 's'} (${deferredBytes} bytes) not parsed: past the ${PIPELINE_PARSE_BUDGET} bytes of pipeline files one backup of a repository parses; listed as not parsed yet, the next backup parses them`);
  const files = await listing;
  const submodules = keepFiles ? previous.submodules : tip && files.some((f) => f[1] === '160000') ? await submodulesAt(gitDir, tip, files) : undefined;
  const manifest: GitManifest = {
    format: 'bulkhead-git-manifest/1',
    url,
    head,
    defaultBranch,
    refs,
    files,
    pipelines: Object.fromEntries(Object.keys(pipelines).sort().map((b) => [b, pipelines[b]!])),
    ...(chosen.danglingHead && { danglingHead: chosen.danglingHead }),
    ...(submodules && submodules.length > 0 && { submodules }),
    ...(symrefs.length > 0 && { symrefs: Object.fromEntries(symrefs.sort(([a], [b]) => (a < b ? -1 : 1))) }),
  };
  return { manifest, warnings, parsedFiles: scanner.parsedFiles };
}

/** Branches whose pipelines could be listed only in part: folders of theirs the repository lacks. */
function unlistedWarning(url: string, unlisted: Record<string, string[]>): string | undefined {
  const branches = Object.keys(unlisted).sort();
  if (branches.length === 0) return undefined;
  const shown = branches.slice(0, 5).map((b) => `${b} (${unlisted[b]!.slice(0, 3).join(', ')}${unlisted[b]!.length > 3 ? ', …' : ''})`);
  return `${url}: pipelines below folders the repository lacks are not listed, on ${branches.length} branch(es): ${shown.join('; ')}${branches.length > 5 ? '; …' : ''}`;
}
