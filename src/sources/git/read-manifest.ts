import type { z } from 'zod';
import { gitManifestSchema, type GitManifest } from './manifest.js';
import { filesPartSchema, gitManifestV2Schema, MANIFEST_V2, MAX_GIT_REFS, pipelinesPartSchema, refsPartSchema, repeatedPart, type GitManifestV2 } from './manifest-parts.js';
import { BulkheadError } from '../../util/errors.js';
import { Lanes } from '../../util/lanes.js';

/** Where a manifest's blobs are read: a VaultReader, or anything with its blob(). */
export interface ManifestBlobs {
  blob(id: string): Promise<Buffer>;
}

/** A manifest blob as stored: format 1 (whole) or format 2 (parts named by id, not read yet). */
export type StoredGitManifest = GitManifest | GitManifestV2;

const short = (id: string) => id.slice(0, 12);
/** Refs parts read at once. */
const PARALLEL_PARTS = 8;

/**
 * A git source's manifest blob, either format, its parts not read. Its writer chose the bytes: one
 * that does not parse is a CORRUPT error of one line naming the blob and the first problem, never
 * zod's issue list (a JSON array as long as the writer likes, printed by every verb that reports
 * the source).
 */
export function readGitManifest(bytes: Buffer, id: string): StoredGitManifest {
  const json = parseJson(bytes, `git manifest ${short(id)}`);
  const v2 = typeof json === 'object' && json !== null && (json as { format?: unknown }).format === MANIFEST_V2;
  if (!v2) return parsed(gitManifestSchema, json, `git manifest ${short(id)}`, 'a Bulkhead git manifest');
  const m = parsed(gitManifestV2Schema, json, `git manifest ${short(id)}`, 'a Bulkhead git manifest');
  refuseRepeatedParts(m, id);
  return m;
}

/** A refs part named twice is refused here, before any part is fetched: every caller reads the manifest through readGitManifest. */
function refuseRepeatedParts(m: GitManifestV2, id: string): void {
  const again = m.refParts && repeatedPart(m.refParts);
  if (!again) return;
  throw new BulkheadError(
    'CORRUPT',
    `git manifest ${short(id)} names its refs part ${short(again.id)} twice (at ${again.first + 1} and ${again.again + 1} of ${m.refParts!.length}): ` +
      `a writer names each run of refs once, so the manifest was forged or damaged (a hijacked writer can repeat a part until readers run out of memory); none of its parts was read`,
  );
}

/** The whole manifest of blob `id`, either format: a format 2 manifest's parts fetched and checked. */
export async function loadGitManifest(from: ManifestBlobs, id: string): Promise<GitManifest> {
  const m = readGitManifest(await from.blob(id), id);
  if (m.format !== MANIFEST_V2) return m;
  const [refs, files, pipelines] = await Promise.all([loadRefs(from, m, id), loadFiles(from, m, id), loadPipelines(from, m, id)]);
  const whole: GitManifest & { refParts?: string[] } = { ...m, format: 'bulkhead-git-manifest/1', refs, files, pipelines };
  delete whole.refParts;
  return whole;
}

/**
 * The refs of a stored manifest (`id` its blob): inline, or read from its refs parts, at most `most`
 * of them (MAX_GIT_REFS). Parts declare no counts, so the refs are counted as each part arrives and
 * the reading stops past the ceiling: a forged manifest costs at most the ceiling and the parts in
 * flight, never what its parts would add up to.
 */
export async function loadRefs(from: ManifestBlobs, m: StoredGitManifest, id: string, most = MAX_GIT_REFS): Promise<Record<string, string>> {
  if (m.format !== MANIFEST_V2) return m.refs;
  if (m.refs) return m.refs;
  const parts = m.refParts!;
  const runs: (Record<string, string> | undefined)[] = new Array(parts.length);
  let total = 0;
  const lanes = new Lanes(PARALLEL_PARTS);
  for (const [i, p] of parts.entries()) {
    await lanes.run(async () => {
      const run = (await readPart(from, id, 'refs', p, refsPartSchema)).refs;
      total += Object.keys(run).length;
      if (total > most) throw tooManyRefs(id, most, i, parts.length);
      runs[i] = run;
    });
  }
  await lanes.drain();
  return mergeRuns(parts, runs, id);
}

function tooManyRefs(id: string, most: number, at: number, parts: number): BulkheadError {
  return new BulkheadError(
    'CORRUPT',
    `git manifest ${short(id)}: its refs parts hold more than ${most.toLocaleString('en-US')} refs (passed by part ${at + 1} of ${parts}), more than a git source may hold: ` +
      `the manifest was forged or damaged (a hijacked writer can name parts until readers run out of memory); the rest of its parts were not read`,
  );
}

/** The runs in order as one record; a ref two runs name is CORRUPT. Each run is let go once merged. */
function mergeRuns(parts: readonly string[], runs: (Record<string, string> | undefined)[], id: string): Record<string, string> {
  const refs: Record<string, string> = {};
  for (const [i, run] of runs.entries()) {
    for (const [name, oid] of Object.entries(run!)) {
      if (Object.hasOwn(refs, name)) throw new BulkheadError('CORRUPT', `git manifest ${short(id)}: refs part ${short(parts[i]!)} names ${JSON.stringify(name.slice(0, 200))}, which an earlier part names too`);
      refs[name] = oid;
    }
    runs[i] = undefined;
  }
  return refs;
}

/** The default branch's file list of a stored manifest. */
export async function loadFiles(from: ManifestBlobs, m: StoredGitManifest, id: string): Promise<GitManifest['files']> {
  return m.format !== MANIFEST_V2 ? m.files : (await readPart(from, id, 'files', m.files, filesPartSchema)).files;
}

/** Every branch's pipelines of a stored manifest. */
export async function loadPipelines(from: ManifestBlobs, m: StoredGitManifest, id: string): Promise<GitManifest['pipelines']> {
  return m.format !== MANIFEST_V2 ? m.pipelines : (await readPart(from, id, 'pipelines', m.pipelines, pipelinesPartSchema)).pipelines;
}

/** One part of manifest `id`: unreadable, not JSON or not that kind of part is CORRUPT naming both (check reads each distinct part once). */
export async function readPart<T>(from: ManifestBlobs, id: string, kind: string, part: string, schema: z.ZodType<T, z.ZodTypeDef, unknown>): Promise<T> {
  const what = `git manifest ${short(id)}: its ${kind} part ${short(part)}`;
  let bytes: Buffer;
  try {
    bytes = await from.blob(part);
  } catch (e) {
    throw new BulkheadError('CORRUPT', `${what} cannot be read (${(e as Error).message.slice(0, 200)})`, { cause: e });
  }
  return parsed(schema, parseJson(bytes, what), what, `a ${kind} part`);
}

function parseJson(bytes: Buffer, what: string): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new BulkheadError('CORRUPT', `${what} is not JSON`);
  }
}

function parsed<T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, json: unknown, what: string, kind: string): T {
  const result = schema.safeParse(json);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const more = result.error.issues.length - 1;
  throw new BulkheadError('CORRUPT', `${what} is not ${kind} (${issue.path.slice(0, 4).join('.').slice(0, 200) || 'manifest'}: ${issue.message.slice(0, 120)}${more ? `, and ${more} more problems` : ''})`);
}
