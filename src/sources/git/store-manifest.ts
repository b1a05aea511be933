import type { BlobSink } from '../blob-sink.js';
import type { GitManifest } from './manifest.js';
import { FILES_PART, MANIFEST_V2, MAX_GIT_REFS, PIPELINES_PART, REFS_INLINE, REFS_PART, splitRefs, type GitManifestV2 } from './manifest-parts.js';
import { BulkheadError } from '../../util/errors.js';
import { sameEntries } from './reuse-manifest.js';
import { sharedCanonicalJson } from '../../util/canonical.js';

/** The part blobs a stored format 2 manifest names. */
export interface StoredParts {
  files: string;
  pipelines: string;
  /** Absent when the refs are inline. */
  refs?: string[];
}

/** Every part blob id of a stored manifest. */
export const partIds = (p: StoredParts): string[] => [p.files, p.pipelines, ...(p.refs ?? [])];

/** What was stored last for the same mirror: its manifest and the part ids it named. */
export interface LastStored {
  manifest: GitManifest;
  parts: StoredParts;
}

/**
 * Stores a manifest in format 2 (manifest-parts.ts): a part kept as is since `last` (the same file
 * list, the same pipelines) is neither encoded nor hashed again when the vault still has it; any
 * other part is encoded and added, and the sink's dedup keeps a part it holds already from being
 * stored twice. `seen`: encodings, shared with the mirror state written after.
 */
export async function storeManifest(sink: Pick<BlobSink, 'add' | 'reuse'>, m: GitManifest, lfsObjects: number, last: LastStored | undefined, seen: Map<object, string>): Promise<{ id: string; parts: StoredParts }> {
  const refCount = Object.keys(m.refs).length;
  if (refCount > MAX_GIT_REFS) {
    throw new BulkheadError('SOURCE_FAILED', `the repository holds ${refCount.toLocaleString('en-US')} refs, more than the ${MAX_GIT_REFS.toLocaleString('en-US')} a git source may hold (every reader would refuse its manifest); its manifest was not stored`);
  }
  const add = (value: unknown) => sink.add('tree', Buffer.from(sharedCanonicalJson(value, seen), 'utf8'));
  const kept = (same: boolean, id: string | undefined) => same && id !== undefined && sink.reuse(id);
  const [files, pipelines] = await Promise.all([
    last && kept(m.files === last.manifest.files, last.parts.files) ? last.parts.files : add({ format: FILES_PART, files: m.files }),
    last && kept(m.pipelines === last.manifest.pipelines || sameEntries(m.pipelines, last.manifest.pipelines), last.parts.pipelines) ? last.parts.pipelines : add({ format: PIPELINES_PART, pipelines: m.pipelines }),
  ]);
  const inline = refCount <= REFS_INLINE;
  const sameRefs = !!last?.parts.refs && sameEntries(m.refs, last.manifest.refs) && last.parts.refs.every((id) => sink.reuse(id));
  const refParts = inline ? undefined : sameRefs ? last.parts.refs! : await Promise.all(splitRefs(m.refs).map((refs) => add({ format: REFS_PART, refs })));
  const top: GitManifestV2 = { ...m, format: MANIFEST_V2, files, pipelines, lfsObjects };
  if (refParts) {
    delete top.refs;
    top.refParts = refParts;
  }
  return { id: await add(top), parts: { files, pipelines, ...(refParts && { refs: refParts }) } };
}
