import { z } from 'zod';
import { gitFilesSchema, gitManifestCommon, gitPipelinesSchema, type GitManifest } from './manifest.js';

/**
 * Format 2 of a git manifest: one small blob with what changes at every backup (refs, head, the
 * agent's findings) that names its large, slowly changing parts by blob id, each a blob of its own:
 * the default branch's file list, every branch's pipelines and, past REFS_INLINE refs, the refs cut
 * into runs. Format 1 kept all of it in one blob, stored again whole whenever any ref moved (378 KiB
 * per changed backup of a repository with 20,501 refs; ~2 MB for one with 20,000 files at its
 * default branch); now an unchanged part is the same blob id and costs nothing.
 */
export const MANIFEST_V2 = 'bulkhead-git-manifest/2';
export const FILES_PART = 'bulkhead-git-files/1';
export const PIPELINES_PART = 'bulkhead-git-pipelines/1';
export const REFS_PART = 'bulkhead-git-refs/1';

/** Up to this many refs stay in the small blob; more are cut into parts. */
export const REFS_INLINE = 1000;
/** A run of refs ends after a name whose hash is 0 modulo this: ~256 refs (~25 KB) a part on average. */
const REFS_CUT = 256;
/** A run is cut here whatever the names (bounds a part when no name hashes to a cut). */
const REFS_MAX_RUN = 4096;
/** Refs parts one manifest may name (2^16 runs: ~16 million refs, far past any real repository). */
export const MAX_REF_PARTS = 65_536;
/**
 * Refs a git source may hold, all its parts together. A reader holds every ref of a manifest at
 * once: 2 million pull-request refs are ~290 MB of heap and ~16 s to parse and merge (measured),
 * what an operator's machine can spend on one look; the parts allow 65,536 × 4,096 refs (and a
 * forged part any number), tens of GB. Honest repositories are well below it: the largest forge
 * repositories hold a few hundred thousand refs (head and merge refs per pull request; a test backs
 * up 30,000). A Gerrit mirror of the very largest projects (a ref per patch set) may pass it: the
 * backup then fails that source and says why, rather than store a manifest readers refuse.
 */
export const MAX_GIT_REFS = 2_000_000;

const blobId = z.string().regex(/^[0-9a-f]{64}$/, 'not a blob id');

export interface GitManifestV2 extends Omit<GitManifest, 'format' | 'refs' | 'files' | 'pipelines'> {
  format: typeof MANIFEST_V2;
  /** The refs, when at most REFS_INLINE; else `refParts`. */
  refs?: Record<string, string>;
  /** Blob ids of the refs' parts, in ref name order. */
  refParts?: string[];
  /** Blob id of the files part. */
  files: string;
  /** Blob id of the pipelines part. */
  pipelines: string;
}

export const gitManifestV2Schema = z
  .object({
    format: z.literal(MANIFEST_V2),
    refs: z.record(z.string()).optional(),
    refParts: z.array(blobId).min(1).max(MAX_REF_PARTS).optional(),
    files: blobId,
    pipelines: blobId,
    ...gitManifestCommon,
  })
  .refine((m) => (m.refs === undefined) !== (m.refParts === undefined), { message: 'names its refs both inline and in parts, or neither', path: ['refs'] }) as unknown as z.ZodType<GitManifestV2>;

/**
 * The first refs part a manifest names twice, with both positions: a writer names each run of refs
 * once, so a repeat is forged or damaged (one part named 65,536 times made every reader parse and
 * keep it as often).
 */
export function repeatedPart(parts: readonly string[]): { id: string; first: number; again: number } | undefined {
  const seen = new Map<string, number>();
  for (const [i, id] of parts.entries()) {
    const first = seen.get(id);
    if (first !== undefined) return { id, first, again: i };
    seen.set(id, i);
  }
  return undefined;
}

export const filesPartSchema = z.object({ format: z.literal(FILES_PART), files: gitFilesSchema });
export const pipelinesPartSchema = z.object({ format: z.literal(PIPELINES_PART), pipelines: gitPipelinesSchema });
export const refsPartSchema = z.object({ format: z.literal(REFS_PART), refs: z.record(z.string()) });

/**
 * Refs in runs cut by their names only (a hash of each name, not positions): a moved ref changes the
 * one run holding it, an added or deleted one that run or two, never the runs after it.
 */
export function splitRefs(refs: Record<string, string>): Record<string, string>[] {
  const runs: Record<string, string>[] = [];
  let run: Record<string, string> = {};
  let n = 0;
  for (const name of Object.keys(refs).sort()) {
    run[name] = refs[name]!;
    if (++n === REFS_MAX_RUN || fnv1a(name) % REFS_CUT === 0) {
      runs.push(run);
      run = {};
      n = 0;
    }
  }
  if (n > 0) runs.push(run);
  return runs;
}

/** FNV-1a over a name's UTF-16 code units: a stable, cheap cut point (20,000 names in ~1 ms). */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
