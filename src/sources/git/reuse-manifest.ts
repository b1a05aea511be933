import type { GitManifest } from './manifest.js';

/**
 * Whether a manifest built now is the one kept from the last backup, without encoding either. An
 * unchanged repository's build takes the previous manifest's file list and pipeline lists as they
 * are (the same arrays), so this is a few hundred comparisons, where the canonical encoding of the
 * bench's 261-branch manifest (~260 KB of JSON) cost 20-40 ms of main thread on every backup.
 * Anything not identical, or not compared key by key (refs, pipelines, symrefs), counts as changed: the
 * caller then encodes and stores the manifest as before.
 */
export function sameManifest(now: GitManifest, kept: GitManifest): boolean {
  const a = now as unknown as Record<string, unknown>;
  const b = kept as unknown as Record<string, unknown>;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)].filter((k) => a[k] !== undefined || b[k] !== undefined));
  for (const k of keys) {
    if (a[k] === b[k]) continue;
    if ((k === 'refs' || k === 'pipelines' || k === 'symrefs') && sameEntries(a[k], b[k])) continue;
    return false;
  }
  return true;
}

/** Two records with the same keys whose values are identical (===). */
export function sameEntries(a: unknown, b: unknown): boolean {
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = Object.keys(x);
  return keys.length === Object.keys(y).length && keys.every((k) => Object.hasOwn(y, k) && x[k] === y[k]);
}

/** Two lists of strings, equal element by element. */
export const sameStrings = (a: readonly string[] | undefined, b: readonly string[] | undefined): boolean =>
  a === b || (!!a && !!b && a.length === b.length && a.every((s, i) => s === b[i]));
