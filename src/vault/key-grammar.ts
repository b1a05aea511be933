/**
 * The one place that knows which object keys Bulkhead writes. Anything else in a vault (a key
 * with a space, `snapshots/x`, `other/thing`) is foreign: every reader and writer skips it and
 * posture reports it. Keys are relative to the store (an S3 prefix is already stripped).
 */
export type KeyKind = 'config' | 'data' | 'index' | 'snapshot' | 'drill' | 'probe';

const STAMP = '\\d{8}T\\d{6}Z';
const GRAMMAR: readonly [KeyKind, RegExp][] = [
  ['config', /^config\/\d{8}$/],
  ['data', /^data\/([0-9a-f]{2})\/\1[0-9a-f]{62}$/],
  ['index', /^index\/[0-9a-f]{64}$/],
  ['snapshot', new RegExp(`^snapshots/${STAMP}-[0-9a-f]{16}$`)],
  ['drill', new RegExp(`^drills/${STAMP}-[0-9a-f]{16}\\.json$`)],
  ['probe', new RegExp(`^probe/${STAMP}-[0-9a-f]{16}$`)],
];

/** What a key is, or undefined when Bulkhead never writes such a key. */
export function keyKind(key: string): KeyKind | undefined {
  return GRAMMAR.find(([, re]) => re.test(key))?.[0];
}

export const isVaultKey = (key: string): boolean => keyKind(key) !== undefined;

/** Where a backup agent writes; it gets PutObject nowhere else. */
export const AGENT_PREFIXES = ['data/', 'index/', 'snapshots/'] as const;

/** Where only the operator writes (custody-signed configs, drill reports, the date probe). */
export const OPERATOR_PREFIXES = ['config/', 'drills/', 'probe/'] as const;

/** A key for the vault-init probe object (see ops/date-probe). */
export function probeKey(now: Date, id: string): string {
  return `probe/${now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}-${id}`;
}
