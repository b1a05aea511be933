import type { z } from 'zod';
import { gitManifestSchema, type GitManifest } from './manifest.js';
import { filesPartSchema, gitManifestV2Schema, MANIFEST_V2, pipelinesPartSchema, refsPartSchema, type GitManifestV2 } from './manifest-parts.js';
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
  return v2 ? parsed(gitManifestV2Schema, json, `git manifest ${short(id)}`, 'a Bulkhead git manifest') : parsed(gitManifestSchema, json, `git manifest ${short(id)}`, 'a Bulkhead git manifest');
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

/** The refs of a stored manifest (`id` its blob): inline, or read from its refs parts. */
export async function loadRefs(from: ManifestBlobs, m: StoredGitManifest, id: string): Promise<Record<string, string>> {
  if (m.format !== MANIFEST_V2) return m.refs;
  if (m.refs) return m.refs;
  const parts = m.refParts!;
  const runs: Record<string, string>[] = new Array(parts.length);
  const lanes = new Lanes(PARALLEL_PARTS);
  for (const [i, p] of parts.entries()) await lanes.run(async () => void (runs[i] = (await readPart(from, id, 'refs', p, refsPartSchema)).refs));
  await lanes.drain();
  const refs: Record<string, string> = {};
  for (const [i, run] of runs.entries()) {
    for (const [name, oid] of Object.entries(run)) {
      if (Object.hasOwn(refs, name)) throw new BulkheadError('CORRUPT', `git manifest ${short(id)}: refs part ${short(parts[i]!)} names ${JSON.stringify(name.slice(0, 200))}, which an earlier part names too`);
      refs[name] = oid;
    }
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

/** One part of manifest `id`: unreadable, not JSON or not that kind of part is CORRUPT naming both. */
async function readPart<T>(from: ManifestBlobs, id: string, kind: string, part: string, schema: z.ZodType<T>): Promise<T> {
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

function parsed<T>(schema: z.ZodType<T>, json: unknown, what: string, kind: string): T {
  const result = schema.safeParse(json);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const more = result.error.issues.length - 1;
  throw new BulkheadError('CORRUPT', `${what} is not ${kind} (${issue.path.slice(0, 4).join('.') || 'manifest'}: ${issue.message.slice(0, 120)}${more ? `, and ${more} more problems` : ''})`);
}
