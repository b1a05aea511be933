import type { GitManifest } from './manifest.js';
import { MAX_REWRITTEN } from './forced-updates.js';

const isString = (v: unknown): v is string => typeof v === 'string';
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const stringOrNull = (v: unknown) => v === null || isString(v);
const optional = (v: unknown, check: (v: unknown) => boolean) => v === undefined || check(v);
const strings = (v: unknown) => Array.isArray(v) && v.every(isString);
const isInt = (v: unknown) => Number.isSafeInteger(v);
/** The fields of a Pipeline its readers use without checking (pipeline-schema.ts checks it whole). */
const isPipeline = (p: unknown) => isRecord(p) && isString(p.system) && isString(p.path) && isString(p.blob) && strings(p.triggers) && strings(p.jobs) && typeof p.valid === 'boolean';

/**
 * The shape gitManifestSchema accepts, checked by hand for the manifest an agent keeps beside its
 * mirror (mirror-state.ts): zod took 15-25 ms of a cold process over the bench's 261-branch manifest
 * (305 file tuples, a record per ref and branch), most of what loading the state cost an unchanged
 * backup. Unknown keys are kept, not stripped (the manifest then differs from what this version
 * builds, which only costs encoding it again). Manifests read from a vault still go through zod.
 */
export function isGitManifest(v: unknown): v is GitManifest {
  if (!isRecord(v) || v.format !== 'bulkhead-git-manifest/1' || !isString(v.url) || !stringOrNull(v.head) || !stringOrNull(v.defaultBranch)) return false;
  if (!isRecord(v.refs) || !Object.values(v.refs).every(isString)) return false;
  if (!Array.isArray(v.files) || !v.files.every((f) => Array.isArray(f) && f.length === 4 && isString(f[0]) && isString(f[1]) && isString(f[2]) && typeof f[3] === 'number')) return false;
  if (!isRecord(v.pipelines) || !Object.values(v.pipelines).every((ps) => Array.isArray(ps) && ps.every(isPipeline))) return false;
  return (
    optional(v.lfsObjects, isInt) &&
    optional(v.danglingHead, isString) &&
    optional(v.submodules, (s) => Array.isArray(s) && s.every((m) => isRecord(m) && isString(m.path) && optional(m.url, isString) && isString(m.commit))) &&
    optional(v.incomplete, (i) => isRecord(i) && strings(i.missing) && isInt(i.count) && strings(i.refs)) &&
    optional(v.rewritten, (r) => isRecord(r) && strings(r.refs) && (r.refs as string[]).length <= MAX_REWRITTEN && isInt(r.count))
  );
}
