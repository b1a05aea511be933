/**
 * The one place that knows which object keys Bulkhead writes. Anything else in a vault (a key
 * with a space, `snapshots/x`, `other/thing`) is foreign: every reader and writer skips it and
 * posture reports it. Keys are relative to the store (an S3 prefix is already stripped).
 */
export type KeyKind = 'config' | 'data' | 'index' | 'snapshot' | 'drill' | 'probe';

const STAMP = '\\d{8}T\\d{6}Z';
/** A writer id: the base32 fingerprint of its signing key (crypto/fingerprint.ts). */
const WRITER_ID = '[A-Z2-7]{26}';
type Rule = readonly [KeyKind, (key: string) => boolean];
const pattern = (kind: KeyKind, re: RegExp): Rule => [kind, (k) => re.test(k)];
const PACK = /^data\/[0-9a-f]{2}\/[0-9a-f]{64}$/;
/** By a key's first folder, so that a key is tested against one pattern (posture tests every key of a vault: 26,000 at a year). */
const GRAMMAR = new Map<string, Rule>([
  ['config', pattern('config', /^config\/\d{8}$/)],
  // data/<the sha's first two hex>/<sha>: the two compared apart (a backreference made it several times slower)
  ['data', ['data', (k) => PACK.test(k) && k[5] === k[8] && k[6] === k[9]]],
  // index/<sha> before 0.4; index/<writer fingerprint>/<sha> since (each agent lists only its own)
  ['index', pattern('index', new RegExp(`^index/(?:${WRITER_ID}/)?[0-9a-f]{64}$`))],
  ['snapshots', pattern('snapshot', new RegExp(`^snapshots/${STAMP}-[0-9a-f]{16}$`))],
  ['drills', pattern('drill', new RegExp(`^drills/${STAMP}-[0-9a-f]{16}\\.json$`))],
  ['probe', pattern('probe', new RegExp(`^probe/${STAMP}-[0-9a-f]{16}$`))],
]);

/** What a key is, or undefined when Bulkhead never writes such a key. */
export function keyKind(key: string): KeyKind | undefined {
  const kind = GRAMMAR.get(key.slice(0, key.indexOf('/')));
  return kind?.[1](key) ? kind[0] : undefined;
}

export const isVaultKey = (key: string): boolean => keyKind(key) !== undefined;

const MiB = 1024 * 1024;
/**
 * The most bytes a stored object of each kind can hold (packs have their own reads: ranges, or
 * whole within what the index says). An index segment decodes to at most 64 MiB and compresses
 * to no more; a snapshot or a config is a few hundred KiB even for thousands of sources or
 * writers. A larger object was not written by Bulkhead: it is not downloaded at all (a hijacked
 * agent's 5 GB object under snapshots/ would otherwise be fetched into memory by every look).
 */
const MOST_BYTES: Partial<Record<KeyKind, number>> = { config: 16 * MiB, index: 72 * MiB, snapshot: 64 * MiB, drill: 64 * MiB, probe: MiB };

/** The size ceiling of a key's kind, or undefined (packs, foreign keys). */
export const mostBytes = (key: string): number | undefined => {
  const kind = keyKind(key);
  return kind && MOST_BYTES[kind];
};

/**
 * Where a writer's index segments go (format 0.4). An agent lists and reads only its own prefix:
 * it dedups only against its own records anyway, and so no other agent can make it download
 * anything (a flood of segments under index/), nor can its IAM policy let it read another's.
 */
export const writerIndexPrefix = (writerId: string): string => `index/${writerId}/`;

/** The writer a segment's key places it under, or undefined for a flat (pre-0.4) key. */
export const indexKeyWriter = (key: string): string | undefined => new RegExp(`^index/(${WRITER_ID})/`).exec(key)?.[1];

export const isWriterId = (s: string): boolean => new RegExp(`^${WRITER_ID}$`).test(s);

/**
 * The folders every writer's objects go into (`data/<2 hex>/` for packs), and the operator's. A
 * local vault makes them all at `vault init` (and those missing at `vault enroll`): whoever makes
 * a folder of a local vault first decides what is there, and a file in its place fails every write
 * into it (R5-3). A writer's own `index/<id>/` is made at its enrollment, before its id is public.
 */
export const SHARED_FOLDERS: readonly string[] = [
  'config/',
  'data/',
  ...Array.from({ length: 256 }, (_, i) => `data/${i.toString(16).padStart(2, '0')}/`),
  'index/',
  'snapshots/',
  'drills/',
];

/** Where a backup agent writes; it gets PutObject nowhere else. */
export const AGENT_PREFIXES = ['data/', 'index/', 'snapshots/'] as const;

/** Where only the operator writes (custody-signed configs, drill reports, the date probe). */
export const OPERATOR_PREFIXES = ['config/', 'drills/', 'probe/'] as const;

/** A key for the vault-init probe object (see ops/date-probe). */
export function probeKey(now: Date, id: string): string {
  return `probe/${now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}-${id}`;
}
