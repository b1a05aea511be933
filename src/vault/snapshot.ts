import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { open, seal } from '../crypto/aead.js';
import { signValue, verifyValue } from '../crypto/sign.js';
import { unwrap, wrapTo } from '../crypto/wrap.js';
import { canonicalBytes } from '../util/canonical.js';
import { storedNameProblem } from './names.js';
import { ownerId, type Refused } from './tree.js';

export const SNAPSHOT_FORMAT = 'bulkhead-snapshot/1';
/** How many unreadable entries a source record names (the count is always whole). */
export const UNREAD_LISTED = 20;
/** The longest path an unread entry records (UTF-16 units): a writer cuts a longer one (folders nested past PATH_MAX). */
export const UNREAD_PATH_MOST = 4096;

/** The most of a failed source's reason any reader keeps (a git or stream error is a few lines). */
export const FAILED_REASON_MOST = 2000;

/**
 * A failed source's reason, as readers keep it: the writer's text, cut at FAILED_REASON_MOST. It is
 * shown by posture, the Dashboard and drills and recorded in the console's audit log, and a forged
 * 8 MiB reason (the manifest budget charges it once however often it is repeated) made each new
 * snapshot's posture an 8 MiB audit entry until the Audit screen could no longer load (red team 4).
 */
function failedReason(reason: string): string {
  return reason.length <= FAILED_REASON_MOST ? reason : `${reason.slice(0, FAILED_REASON_MOST)}… (${reason.length - FAILED_REASON_MOST} more characters)`;
}

export const sourceRecordSchema = z.object({
  kind: z.enum(['dir', 'stream', 'git', 'github', 'gitlab']),
  name: z.string(),
  locator: z.string(),
  root: z.string(),
  /** The source root's own mode and mtime (µs), so restoring a whole source restores them too. */
  mode: z.number().int().optional(),
  mtime: z.number().int().optional(),
  /** dir sources: the root's owner (0.2 on), given back by a restore as root. */
  uid: ownerId,
  gid: ownerId,
  /** git sources: the blob id of the git manifest (refs, default branch, files, pipelines). */
  manifest: z.string().optional(),
  /**
   * dir sources: the --exclude globs used, so a live diff leaves out the same paths. Not bounded
   * here (an older agent's globs must not make its snapshot unrestorable): a live diff refuses
   * ones a backup would (sources/dir/exclude-globs.ts), the source "not-comparable" with why.
   */
  excludes: z.array(z.string()).optional(),
  /**
   * The source could not be backed up (network, auth, LFS…): why. Its root is then an empty tree,
   * unless a git source got as far as its mirror (root and manifest are then that repository's).
   */
  failed: z.object({ reason: z.string().transform(failedReason) }).optional(),
  /**
   * dir sources: entries that existed but could not be read (permission denied, an I/O error), so
   * are not in this snapshot: how many, and the first UNREAD_LISTED of them with why.
   */
  unread: z
    .object({
      count: z.number().int().positive(),
      first: z.array(z.object({ path: z.string().max(UNREAD_PATH_MOST), reason: z.string().max(200) })).max(UNREAD_LISTED),
    })
    .optional(),
  stats: z.object({ files: z.number().int(), dirs: z.number().int(), bytes: z.number().int() }),
});
export type SourceRecord = z.infer<typeof sourceRecordSchema>;

export const manifestSchema = z.object({
  id: z.string(),
  time: z.string(),
  host: z.string(),
  writer: z.string(),
  agentVersion: z.string(),
  sources: z.array(sourceRecordSchema),
  previous: z.string().nullable(),
  tags: z.array(z.string()),
  stats: z.object({ bytesRead: z.number().int(), bytesAdded: z.number().int(), packs: z.array(z.string()) }),
});
export type Manifest = z.infer<typeof manifestSchema>;

/**
 * A manifest as listings hold it: without its pack list. A list names every pack the snapshot
 * needs (thousands in a grown vault, each snapshot mostly repeating the one before) and only
 * posture's lock check of the latest snapshots reads it, so it is read for those (snapshot-packs.ts)
 * rather than held for 8,760 snapshots: 4,000 ids a snapshot were 32 KB of operator memory each,
 * and a hijacked writer repeating one huge list cost every look memory no budget charged.
 */
export type ListedManifest = Omit<Manifest, 'stats'> & { stats: Omit<Manifest['stats'], 'packs'> };

/** The listed form of an opened manifest: the same object, its pack list taken out. */
export function withoutPacks(manifest: Manifest): { listed: ListedManifest; packs: string[] } {
  const { packs, ...stats } = manifest.stats;
  return { listed: { ...manifest, stats }, packs };
}

/**
 * The sources an operator verb may use. A restore of a whole snapshot writes TARGET/NAME, and a
 * hijacked writer signs whatever manifest it likes: a name that is not one path component, or that
 * two sources share, is refused here rather than failing the whole snapshot.
 */
export function screenSources(manifest: ListedManifest): { sources: SourceRecord[]; refused: Refused[] } {
  const count = new Map<string, number>();
  for (const s of manifest.sources) count.set(s.name, (count.get(s.name) ?? 0) + 1);
  const sources: SourceRecord[] = [];
  const refused: Refused[] = [];
  for (const s of manifest.sources) {
    const reason = storedNameProblem(s) ?? (count.get(s.name)! > 1 ? 'another source of the snapshot has the same name' : undefined);
    if (reason) refused.push({ name: s.name, reason: `source name refused: ${reason}` });
    else sources.push(s);
  }
  return { sources, refused };
}

const envelopeSchema = z.object({
  format: z.literal(SNAPSHOT_FORMAT),
  id: z.string(),
  time: z.string(),
  writer: z.string(),
  stanzas: z.array(z.object({ recipient: z.string(), epk: z.string(), wrapped: z.string() })),
  ciphertext: z.string(),
  signature: z.string(),
});
export type Envelope = z.infer<typeof envelopeSchema>;

export const newSnapshotId = (): string => randomBytes(8).toString('hex');

export function snapshotKey(time: string, id: string): string {
  return `snapshots/${time.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}-${id}`;
}

/** The clear header is bound into the manifest's AEAD, so it cannot be swapped between snapshots. */
function header(e: Pick<Envelope, 'format' | 'id' | 'time' | 'writer'>): Buffer {
  return canonicalBytes({ format: e.format, id: e.id, time: e.time, writer: e.writer });
}

export function sealSnapshot(manifest: Manifest, writerSeed: Buffer, recipients: readonly Buffer[]): Buffer {
  const dek = randomBytes(32);
  const head = { format: SNAPSHOT_FORMAT, id: manifest.id, time: manifest.time, writer: manifest.writer } as const;
  const unsigned = {
    ...head,
    stanzas: wrapTo(dek, recipients),
    ciphertext: seal(dek, canonicalBytes(manifest), header(head)).toString('base64'),
  };
  dek.fill(0);
  return Buffer.from(JSON.stringify({ ...unsigned, signature: signValue(writerSeed, 'snapshot', unsigned) }));
}

export function parseEnvelope(bytes: Buffer): Envelope | undefined {
  try {
    return envelopeSchema.parse(JSON.parse(bytes.toString('utf8')));
  } catch {
    return undefined;
  }
}

export function verifyEnvelope(e: Envelope, writerPublic: Buffer): boolean {
  const { signature, ...unsigned } = e;
  return verifyValue(writerPublic, 'snapshot', unsigned, signature);
}

/** Decrypts a verified envelope; the manifest must repeat the header it was sealed under. */
export function openManifest(e: Envelope, secret: Buffer, what: string): Manifest {
  const dek = unwrap(e.stanzas, secret, what);
  const plain = open(dek, Buffer.from(e.ciphertext, 'base64'), header(e), what);
  dek.fill(0);
  const manifest = manifestSchema.parse(JSON.parse(plain.toString('utf8')));
  if (manifest.id !== e.id || manifest.time !== e.time || manifest.writer !== e.writer) {
    throw new Error(`${what}: manifest does not match its envelope`);
  }
  return manifest;
}
