import { z } from 'zod';
import { git, gitText } from './git.js';
import { parsePipeline, pipelineSystem, type Pipeline } from './pipelines.js';

/** What a snapshot says about a repository, readable without restoring it. */
export interface GitManifest {
  format: 'bulkhead-git-manifest/1';
  url: string;
  head: string | null;
  defaultBranch: string | null;
  refs: Record<string, string>;
  /** [path, mode, blob id, size] at the head of the default branch. */
  files: [string, string, string, number][];
  /** Pipelines found at the head of every branch. */
  pipelines: Record<string, Pipeline[]>;
  /** Git LFS objects kept with the mirror (absent in manifests written before LFS support). */
  lfsObjects?: number;
}

export const gitManifestSchema = z.object({
  format: z.literal('bulkhead-git-manifest/1'),
  url: z.string(),
  head: z.string().nullable(),
  defaultBranch: z.string().nullable(),
  refs: z.record(z.string()),
  files: z.array(z.tuple([z.string(), z.string(), z.string(), z.number()])),
  pipelines: z.record(z.array(z.any())),
  lfsObjects: z.number().int().optional(),
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

interface TreeRow {
  mode: string;
  type: string;
  oid: string;
  size: number;
  path: string;
}

export async function lsTree(gitDir: string, rev: string, withSize: boolean): Promise<TreeRow[]> {
  const out = await git(['ls-tree', '-r', '-z', ...(withSize ? ['-l'] : []), rev], { gitDir });
  return out.stdout
    .toString('utf8')
    .split('\0')
    .filter(Boolean)
    .map((row) => {
      const tab = row.indexOf('\t');
      const [mode, type, oid, size] = row.slice(0, tab).split(/\s+/) as [string, string, string, string?];
      return { mode, type, oid, size: size && size !== '-' ? Number(size) : 0, path: row.slice(tab + 1) };
    });
}

/** Pipelines at one revision; each pipeline file is parsed once per distinct blob. */
export async function pipelinesAt(gitDir: string, rev: string, parsed = new Map<string, Pipeline>()): Promise<Pipeline[]> {
  const out: Pipeline[] = [];
  const rows = await lsTree(gitDir, rev, false);
  // GitLab's local includes can live anywhere: they are pipelines because the root file says so.
  const included = new Set<string>();
  const systemOf = (path: string) => pipelineSystem(path) ?? (included.has(path) ? ('gitlab-ci' as const) : undefined);
  const root = rows.find((r) => r.path === '.gitlab-ci.yml');
  if (root) {
    const text = await gitText(['cat-file', 'blob', root.oid], { gitDir });
    for (const p of parsePipeline('gitlab-ci', root.path, root.oid, text).includes ?? []) included.add(p);
  }
  for (const row of rows) {
    const system = row.type === 'blob' ? systemOf(row.path) : undefined;
    if (!system) continue;
    const cacheKey = `${row.oid}:${row.path}`;
    let p = parsed.get(cacheKey);
    if (!p) {
      const text = await gitText(['cat-file', 'blob', row.oid], { gitDir });
      p = parsePipeline(system, row.path, row.oid, text);
      parsed.set(cacheKey, p);
    }
    out.push(p);
  }
  return out;
}

export async function headRef(gitDir: string): Promise<string | null> {
  const r = await git(['symbolic-ref', '-q', 'HEAD'], { gitDir, okCodes: [1] });
  return r.code === 0 ? r.stdout.toString().trim() : null;
}

export async function buildManifest(gitDir: string, url: string): Promise<GitManifest> {
  const refs = await listRefs(gitDir);
  const head = await headRef(gitDir);
  const defaultBranch = head && refs[head] ? head.replace(/^refs\/heads\//, '') : null;
  const files = defaultBranch ? (await lsTree(gitDir, head!, true)).map((r) => [r.path, r.mode, r.oid, r.size] as [string, string, string, number]) : [];
  const pipelines: Record<string, Pipeline[]> = {};
  const parsed = new Map<string, Pipeline>();
  for (const ref of Object.keys(refs).filter((r) => r.startsWith('refs/heads/'))) {
    const found = await pipelinesAt(gitDir, ref, parsed);
    if (found.length > 0) pipelines[ref.slice('refs/heads/'.length)] = found;
  }
  return { format: 'bulkhead-git-manifest/1', url, head, defaultBranch, refs, files, pipelines };
}
