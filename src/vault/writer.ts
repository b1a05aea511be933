import { hostname } from 'node:os';
import type { BlobStore, PutOptions } from '../storage/blob-store.js';
import type { WriterCredential } from '../keys/writer-credential.js';
import { BulkheadError, isBulkheadError } from '../util/errors.js';
import { mostBytes } from './key-grammar.js';
import { DAY_MS, type Clock } from '../util/clock.js';
import { Lanes } from '../util/lanes.js';
import { PackLanes, type FinishedPack } from './pack-lanes.js';
import { Chunker, warmChunker } from '../chunker/fastcdc.js';
import { packKey, type BlobIndex } from './blob-index.js';
import { ConfirmedLocks } from './confirmed-locks.js';
import { keepLocked } from './keep-locked.js';
import type { BlobType, PackEntry } from './pack.js';
import { sealSegment, type IndexSegment, type SegmentSource } from './index-segment.js';
import { newSnapshotId, sealSnapshot, snapshotKey, type Manifest, type SourceRecord } from './snapshot.js';
import { VaultKeys } from './vault-keys.js';
import { MAX_TREE_BLOB } from './blob-codec.js';
import { isSmallBlob, sealPrivate, type PrivatePack } from './private-index.js';
import { PrivateLocations } from './private-locations.js';
import { ownRecordGroups } from './own-records.js';
import type { ConfigBody } from './config.js';
import { AGENT_VERSION } from './agent-version.js';
import { isAllZero } from '../util/zero-bytes.js';

const INDEX_FLUSH_PACKS = 4;

export interface WriterContext {
  store: BlobStore;
  credential: WriterCredential;
  config: ConfigBody;
  index: BlobIndex;
  clock: Clock;
  previousSnapshot: string | null;
  /** Retention dates the server confirmed (the agent's cache); the only input of lock decisions. */
  locks?: ConfirmedLocks;
  /** Where the last snapshot's small blobs live (the agent's cache): their dedup across backups. */
  privateLocations?: PrivateLocations;
}

/**
 * One backup session: dedups blobs against the index, hands new ones to the pack workers (which
 * compress, seal and cut packs), uploads with bounded parallelism, writes index segments as packs
 * land (so a killed backup still dedups next time) and finally one signed snapshot. Nothing is
 * ever overwritten.
 */
export class VaultWriter {
  readonly keys: VaultKeys;
  readonly chunker: Chunker;
  /** add() has copied or packed a blob by the time it resolves: a source may reuse its read buffers (backup-dir does). */
  readonly copiesBlobs = true;
  readonly #ctx: WriterContext;
  readonly #recipients: Buffer[];
  readonly #recipientIds: string[];
  readonly #lanes: PackLanes;
  readonly #queued = new Set<string>();
  readonly #referenced = new Set<string>();
  readonly #zeroIds = new Map<number, string>();
  readonly #self: SegmentSource;
  readonly #locks: ConfirmedLocks;
  readonly #private: PrivateLocations;
  #unindexed: IndexSegment['packs'] = [];
  #unindexedPrivate: PrivatePack[] = [];
  #bytesAdded = 0;

  constructor(ctx: WriterContext) {
    this.#ctx = ctx;
    this.keys = new VaultKeys(Buffer.from(ctx.credential.dedupSecret, 'base64'));
    this.chunker = new Chunker(this.keys.chunkerSeed, ctx.config.chunker);
    this.#recipients = ctx.config.recipients.map((r) => Buffer.from(r.publicKey, 'base64'));
    this.#recipientIds = ctx.config.recipients.map((r) => r.fingerprint).sort();
    this.#locks = ctx.locks ?? ConfirmedLocks.empty();
    this.#private = ctx.privateLocations ?? PrivateLocations.empty();
    this.#self = { key: '(this backup)', vouch: 'active', writer: ctx.credential.enrollment.writerId };
    this.#lanes = new PackLanes(this.#recipients, ctx.config.packSize, (pack) => this.#store(pack), !!ctx.store.wantsContentMd5, ctx.store.stagingDir?.());
  }

  get config(): ConfigBody {
    return this.#ctx.config;
  }

  get bytesAdded(): number {
    return this.#bytesAdded;
  }

  #retainUntil(): Date {
    return new Date(this.#ctx.clock.now().getTime() + this.#ctx.config.retention.days * DAY_MS);
  }

  #locked(): PutOptions {
    return { retainUntil: this.#retainUntil(), lockMode: this.#ctx.config.retention.mode };
  }

  /** Returns the blob's id; a new blob is compressed, sealed and stored in the background. */
  async add(type: BlobType, plain: Buffer): Promise<string> {
    if (type === 'tree' && plain.length > MAX_TREE_BLOB) {
      // Readers refuse a larger tree (FORMAT.md, ceilings): fail now rather than store what cannot be read.
      throw new BulkheadError('SOURCE_FAILED', `a folder's listing takes ${plain.length} bytes, more than the ${MAX_TREE_BLOB} a tree may hold; split the folder or exclude part of it`);
    }
    const id = isAllZero(plain) ? this.#zeroId(plain) : this.keys.blobId(plain);
    this.#referenced.add(id);
    if (this.#stored(id) || this.#queued.has(id)) return id;
    this.#queued.add(id);
    await this.#lanes.add(type, id, plain);
    return id;
  }

  /**
   * The id of a run of zeros, keyed once per length: a sparse file's holes are read as zeros (a
   * `truncate -s 1T` in a backed-up folder is a terabyte of them), cut into chunks of one length.
   */
  #zeroId(plain: Buffer): string {
    let id = this.#zeroIds.get(plain.length);
    if (id === undefined) this.#zeroIds.set(plain.length, (id = this.keys.blobId(plain)));
    return id;
  }

  /** A source expects to add about `bytes` of new data and is waiting on something else: memory and the cut loop are prepared now. */
  warm(bytes: number): void {
    this.#lanes.warm(bytes);
    warmChunker();
  }

  /** Marks a blob known from a cache as used by this snapshot (for retention); false if unknown. */
  reuse(id: string): boolean {
    if (!this.#stored(id) && !this.#queued.has(id)) return false;
    this.#referenced.add(id);
    return true;
  }

  /**
   * Dedup counts a blob as stored only where an active writer's signed segment puts it, in a pack
   * every current recipient can read: after a recipient is added or a writer revoked, the next
   * backup stores again what it needs (once; FORMAT.md).
   */
  #stored(id: string): boolean {
    return this.#ctx.index.readableBy(id, this.#recipientIds) || this.#private.get(id) !== undefined;
  }

  #small(rawLength: number): boolean {
    return isSmallBlob(rawLength, this.#ctx.config.chunker.min);
  }

  /** Uploads a finished pack, then indexes it (an index segment every few packs). */
  async #store(pack: FinishedPack): Promise<void> {
    const options = { ...this.#locked(), ...(pack.md5 && { contentMd5: pack.md5 }) };
    const { body } = pack;
    if ('bytes' in body) await this.#ctx.store.put(packKey(pack.id), body.bytes, options);
    else await this.#ctx.store.putStaged!(packKey(pack.id), body.path, options);
    const size = 'bytes' in body ? body.bytes.length : body.size;
    const retainUntil = options.retainUntil;
    this.#locks.note(packKey(pack.id), retainUntil); // the server accepted this date
    this.#ctx.index.existingPacks?.set(pack.id, undefined);
    this.#bytesAdded += size;
    const record = { id: pack.id, size, retainUntil: retainUntil.toISOString(), blobs: pack.entries, recipients: this.#recipientIds };
    this.#ctx.index.add({ packs: [record], extended: [] }, this.#self);
    // Small blobs are indexed only in the part sealed to the recipients (THREAT-MODEL.md).
    const [small, shared] = [[], []] as [PackEntry[], PackEntry[]];
    for (const e of pack.entries) (this.#small(e[4]) ? small : shared).push(e);
    this.#unindexed.push(small.length === 0 ? record : { ...record, blobs: shared });
    if (small.length > 0) this.#unindexedPrivate.push({ id: pack.id, blobs: small });
    if (this.#unindexed.length >= INDEX_FLUSH_PACKS) await this.#writeIndex([]);
  }

  /** Remembers where this snapshot's small blobs live, for the next backup; call once it is committed. */
  savePrivateLocations(): Promise<void> {
    return this.#private.save();
  }

  /** Stops the pack workers and wipes the session's keys; safe after a failure. */
  async close(): Promise<void> {
    await this.#lanes.close();
    this.keys.wipe();
  }

  /**
   * After the first read of a pre-0.4 vault's flat index: this writer's own records, signed again
   * under its prefix (own-records.ts), so every later backup lists and reads only index/<writer>/.
   */
  async consolidate(): Promise<void> {
    const writerId = this.#ctx.credential.enrollment.writerId;
    const dated = (pack: string) => (this.#locks.get(packKey(pack))?.until ?? new Date(0)).toISOString();
    for (const packs of ownRecordGroups(this.#ctx.index, writerId, dated)) await this.#putSegment({ packs, extended: [] });
  }

  /**
   * Writes the consolidations planned from this writer's load (consolidation.ts), each naming the
   * ones written before it as alongside, so a fresh load finds them all early.
   */
  async consolidateSegments(plan: { parts: IndexSegment[]; alongside: string[] }): Promise<void> {
    const alongside = [...plan.alongside];
    for (const part of plan.parts) {
      const key = await this.#putSegment({ ...part, ...(alongside.length > 0 && { alongside: [...alongside].sort() }) });
      alongside.push(key.slice(-64));
    }
  }

  async #writeIndex(extended: IndexSegment['extended']): Promise<void> {
    const packs = this.#unindexed;
    const small = this.#unindexedPrivate;
    this.#unindexed = [];
    this.#unindexedPrivate = [];
    if (packs.length === 0 && extended.length === 0) return;
    const sealed = small.length > 0 ? sealPrivate(small, this.#recipients) : undefined;
    await this.#putSegment({ packs, extended, ...(sealed && { sealed }) });
  }

  async #putSegment(segment: IndexSegment): Promise<string> {
    const seed = Buffer.from(this.#ctx.credential.writerSecret, 'base64');
    const { key, bytes } = await sealSegment(segment, this.keys.indexKey, { writerId: this.#ctx.credential.enrollment.writerId, seed });
    seed.fill(0);
    await this.#ctx.store.put(key, bytes, this.#locked());
    this.#bytesAdded += bytes.length;
    return key;
  }

  /**
   * The packs this snapshot needs: where dedup counted each referenced blob as stored, and every
   * other location that would qualify (rare), so a forged vouched claim read first cannot leave
   * the real location's pack unextended while its writer is still enrolled.
   */
  #referencedPacks(): { packs: Set<string>; alternates: Set<string> } {
    const { index } = this.#ctx;
    const packs = new Set<string>();
    const alternates = new Set<string>();
    const nextPrivate = new Map<string, string>();
    let fresh = 0;
    for (const id of this.#referenced) {
      const vouched = index.dedupLocation(id, this.#recipientIds);
      const cached = vouched ? undefined : this.#private.get(id);
      const pack = vouched?.pack ?? cached ?? index.get(id)!.pack;
      packs.add(pack);
      // What the next backup needs to dedup this snapshot's small blobs (they are not in the shared index).
      if (cached) nextPrivate.set(id, pack);
      else if (vouched?.source === this.#self && this.#small(vouched.rawLength)) {
        nextPrivate.set(id, pack);
        fresh++;
      }
      for (const other of index.others(id)) if (index.dedupable(other, this.#recipientIds)) alternates.add(other.pack);
    }
    for (const p of packs) alternates.delete(p);
    this.#private.replace(nextPrivate, fresh);
    return { packs, alternates };
  }

  /**
   * Extends every referenced pack the server has not confirmed locked for the vault's retention
   * (never shortens). The index's retainUntil is a forgeable claim and plays no part; a pack
   * with no confirmed date costs one extension, once.
   */
  async #extendRetention(packs: Set<string>, alternates: Set<string>): Promise<IndexSegment['extended']> {
    const now = this.#ctx.clock.now().getTime();
    const days = this.#ctx.config.retention.days;
    const needed = new Date(now + days * DAY_MS);
    // A margin so daily backups do not extend every pack every day; never asks for more. Rounded up
    // to a whole UTC day: agents extending the same pack at the same moment then ask for the same
    // date (a server refuses a date earlier than the one another agent set a moment before), and the
    // lock ceiling's extra day (lockCeilingDays) leaves room for the rounding.
    const target = new Date(Math.ceil((needed.getTime() + Math.max(1, Math.ceil(days / 10)) * DAY_MS) / DAY_MS) * DAY_MS);
    const extended: IndexSegment['extended'] = [];
    const lanes = new Lanes(8);
    for (const id of [...packs, ...alternates]) {
      const known = this.#locks.get(packKey(id));
      if (known && known.until >= needed) continue;
      await lanes.run(async () => {
        // A missing pack the snapshot needs fails the backup (check names who claimed it); a missing alternate is a lie to skip.
        const listed = this.#ctx.index.existingPacks?.get(id); // the first version, from the listing the index already made
        const asked = await keepLocked(this.#ctx.store, this.#locks, packKey(id), needed, target, listed).catch((e: unknown) => {
          if (packs.has(id) || !isBulkheadError(e, 'NOT_FOUND')) throw e;
          return false;
        });
        if (asked) extended.push({ id, retainUntil: target.toISOString() });
      });
    }
    await lanes.drain();
    return extended;
  }

  /** Flushes everything, then writes the snapshot last: no snapshot exists until all it needs does. */
  async commit(sources: SourceRecord[], tags: string[], bytesRead: number): Promise<{ manifest: Manifest; key: string; bytes: Buffer }> {
    await this.#lanes.flush();
    const { packs, alternates } = this.#referencedPacks();
    const extended = await this.#extendRetention(packs, alternates);
    await this.#writeIndex(extended);
    const time = this.#ctx.clock.now().toISOString();
    const manifest: Manifest = {
      id: newSnapshotId(),
      time,
      host: hostname(),
      writer: this.#ctx.credential.enrollment.writerId,
      agentVersion: AGENT_VERSION,
      sources,
      previous: this.#ctx.previousSnapshot,
      tags,
      stats: { bytesRead, bytesAdded: this.#bytesAdded, packs: [...packs].sort() },
    };
    const seed = Buffer.from(this.#ctx.credential.writerSecret, 'base64');
    const bytes = sealSnapshot(manifest, seed, this.#recipients);
    seed.fill(0);
    const key = snapshotKey(time, manifest.id);
    // A reader refuses a snapshot past its kind's ceiling unread: never store one it would refuse.
    if (bytes.length > mostBytes(key)!) throw new BulkheadError('USAGE', `this snapshot would be ${bytes.length} bytes, more than the ${mostBytes(key)} a snapshot may hold; back up fewer sources per run`);
    await this.#ctx.store.put(key, bytes, this.#locked());
    return { manifest, key, bytes };
  }
}

export function assertEnrolled(config: ConfigBody, credential: WriterCredential): void {
  const entry = config.writers.find((w) => w.id === credential.enrollment.writerId);
  if (!entry) {
    throw new BulkheadError('BAD_WRITER', `writer "${credential.enrollment.label}" is not enrolled in vault ${config.vaultId}; enroll it again`);
  }
  if (entry.revoked) {
    throw new BulkheadError('BAD_WRITER', `writer "${entry.label}" was revoked on ${entry.revoked}; ask the key custodians for a new enrollment`);
  }
}
