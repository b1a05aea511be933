import { promises as fsp } from 'node:fs';
import type { GitManifest } from './manifest.js';
import { isGitManifest } from './manifest-shape.js';
import { PARSER_VERSION } from './pipelines.js';
import { sharedCanonicalJson } from '../../util/canonical.js';
import type { StoredParts } from './store-manifest.js';

/**
 * What the agent remembers about a mirror between backups, beside it in the cache (never inside:
 * the mirror's files are what gets backed up): the last manifest, to reuse what did not change,
 * and how far the LFS scan got. Losing it costs one full scan, never data.
 */
export interface MirrorState {
  parser: number;
  manifest?: GitManifest;
  lfs?: LfsScanState;
  /**
   * The manifest blob stored last: its id and the LFS object count it carries beside `manifest`
   * (the stored blob is `manifest` plus `lfsObjects`). A backup whose manifest is the same reuses
   * the id instead of encoding and hashing the manifest again.
   */
  stored?: StoredManifest;
}

export interface StoredManifest {
  id: string;
  lfsObjects: number;
  /** The parts a format 2 manifest names (absent: `id` is a format 1 manifest, stored whole). */
  parts?: StoredParts;
}

export interface LfsScanState {
  /** Ref tips whose whole history has been scanned for LFS pointers. */
  scanned: string[];
  /** Every LFS object id those pointers name. */
  oids: string[];
}

export const statePath = (mirror: string) => mirror.replace(/\.git$/, '') + '.state.json';

export async function loadMirrorState(mirror: string): Promise<MirrorState> {
  try {
    const raw = JSON.parse(await fsp.readFile(statePath(mirror), 'utf8')) as MirrorState;
    if (raw.parser !== PARSER_VERSION) return { parser: PARSER_VERSION, ...(raw.lfs && { lfs: raw.lfs }) };
    if (raw.manifest !== undefined && !isGitManifest(raw.manifest)) return { parser: PARSER_VERSION }; // damaged: start afresh
    const parts = storedParts(raw.stored?.parts);
    const stored = raw.manifest && typeof raw.stored?.id === 'string' && Number.isSafeInteger(raw.stored.lfsObjects) ? { id: raw.stored.id, lfsObjects: raw.stored.lfsObjects, ...(parts && { parts }) } : undefined;
    return { parser: PARSER_VERSION, ...(raw.manifest && { manifest: raw.manifest }), ...(raw.lfs && { lfs: raw.lfs }), ...(stored && { stored }) };
  } catch {
    return { parser: PARSER_VERSION };
  }
}

/** The part ids kept in a state file, when they have the shape written (else none: stored again). */
function storedParts(v: StoredParts | undefined): StoredParts | undefined {
  const isId = (x: unknown) => typeof x === 'string';
  if (!v || !isId(v.files) || !isId(v.pipelines) || (v.refs !== undefined && !(Array.isArray(v.refs) && v.refs.every(isId)))) return undefined;
  return { files: v.files, pipelines: v.pipelines, ...(v.refs && { refs: v.refs }) };
}

/**
 * Written whole then renamed: a crash leaves the old state or the new one. `seen`: the encodings of
 * a manifest just stored (its parts are not encoded again).
 */
export async function saveMirrorState(mirror: string, state: MirrorState, seen?: Map<object, string>): Promise<void> {
  const path = statePath(mirror);
  await fsp.writeFile(`${path}.tmp`, sharedCanonicalJson(state, seen), { mode: 0o600 });
  await fsp.rename(`${path}.tmp`, path);
}
