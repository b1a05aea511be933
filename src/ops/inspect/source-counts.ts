import { sourceType } from '../../sources/registry.js';
import type { SourceRecord } from '../../vault/snapshot.js';
import type { ManifestCounts, TreeCounts } from './counts-codec.js';

/** One source as the reader derived it. */
export interface SourceCounts {
  /** What a wipe makes collapse: files; a command's output its bytes; for git the refs, the default branch's pipelines and files. */
  compare: Record<string, number>;
  /** What its root tree holds, to hold the writer's claimed stats against. */
  tree: TreeCounts;
}

/** The git manifest a source's counts read, if its kind counts one. */
export const gitManifest = (src: SourceRecord): string | undefined => (src.manifest && sourceType(src.kind).counted === 'git-manifest' ? src.manifest : undefined);

/** The key of a git source's counts whose manifest counts are absent (sourceCounts: zeros). */
const NO_MANIFEST = 'none';

/**
 * Sources' counts, one object per (tree, what it compares) however many snapshots name them, and
 * found again by record: a wide writer's unchanged repositories are most of its records, and the
 * snapshot cache and the listing share one record object between the snapshots that repeat it.
 * Shared, so never changed by who reads them.
 */
export class SourceCountsTable {
  readonly #shared = new WeakMap<TreeCounts, Map<object | string, SourceCounts>>();
  readonly #byRecord = new WeakMap<SourceRecord, SourceCounts>();

  /** The counts made for this very record object before, if any. */
  kept(src: SourceRecord): SourceCounts | undefined {
    return this.#byRecord.get(src);
  }

  of(src: SourceRecord, tree: TreeCounts, manifest: ManifestCounts | undefined): SourceCounts {
    const counted = sourceType(src.kind).counted;
    const key = counted === 'git-manifest' ? (manifest ?? NO_MANIFEST) : counted;
    let byKey = this.#shared.get(tree);
    if (!byKey) this.#shared.set(tree, (byKey = new Map()));
    let c = byKey.get(key);
    if (!c) byKey.set(key, (c = sourceCounts(src, tree, manifest)));
    this.#byRecord.set(src, c);
    return c;
  }
}

/** What a source's counts compare against the last level, by its kind (`manifest`: its git manifest's counts). */
function sourceCounts(src: SourceRecord, tree: TreeCounts, manifest: ManifestCounts | undefined): SourceCounts {
  const counted = sourceType(src.kind).counted;
  if (counted === 'tree') return { compare: { files: tree.files }, tree };
  if (counted === 'output') return { compare: { bytes: tree.bytes }, tree };
  if (!src.manifest || !manifest) return { compare: { refs: 0, pipelines: 0, files: 0 }, tree };
  return { compare: { ...manifest }, tree };
}
