import type { VaultReader } from '../../vault/reader.js';
import { packKey, type BlobLocation } from '../../vault/blob-index.js';
import { locationProblems, type LocationFailure } from './check-locations.js';
import { ManifestCheck } from './check-manifests.js';
import type { CheckProblem } from './check-problem.js';
import { readFooter } from '../../vault/pack.js';
import { snapshotRoot, walk } from '../../vault/browse.js';
import { sha256Hex } from '../../crypto/blob-id.js';
import { isBulkheadError } from '../../util/errors.js';
import { noProgress, type ProgressSink } from '../../util/progress.js';

export type { CheckProblem } from './check-problem.js';

export interface CheckResult {
  ok: boolean;
  snapshots: number;
  packsRead: number;
  blobsVerified: number;
  problems: CheckProblem[];
}

const MAX_FILES_LISTED = 50;

/**
 * Verifies the vault's structure: configs, snapshot signatures and chains, that every blob every
 * snapshot needs is indexed (its sources' trees, and each git source's manifest and its parts,
 * read and parsed: check-manifests.ts); with readData, every pack's hash and every blob's tag and id, then
 * names the files each damaged blob belongs to. Every claimed location of a blob is tested: one
 * that does not hold its blob in an intact pack is an index record's lie, named with its segment
 * and writer (check-locations.ts).
 */
export async function checkVault(reader: VaultReader, opts: { readData: boolean; progress?: ProgressSink }): Promise<CheckResult> {
  const progress = opts.progress ?? noProgress;
  const problems: CheckProblem[] = [];
  for (const reason of reader.loaded.tampered) problems.push({ kind: 'config-tampered', message: reason });
  for (const { key, reason } of reader.index.damagedSegments) problems.push({ kind: 'index-damaged', message: `index segment ${key} ${reason}` });
  const { snapshots, tampered } = await reader.snapshots();
  for (const t of tampered) problems.push({ kind: 'snapshot-tampered', message: t });
  for (const s of snapshots) for (const w of s.warnings) problems.push({ kind: 'snapshot-warning', message: `snapshot ${s.id}: ${w}` });

  const badBlobs = new Map<string, CheckProblem>();
  const lies: LocationFailure[] = [];
  const damagedPacks = new Set<string>();
  const good = new Set<string>(); // blobs verified in at least one location
  let packsRead = 0;
  let blobsVerified = 0;
  if (opts.readData) {
    const packs = new Map<string, [string, BlobLocation][]>([...reader.index.packs.keys()].map((id) => [id, []]));
    for (const [blob, loc] of reader.index.entries()) packs.get(loc.pack)?.push([blob, loc]);
    const failed: { failure: LocationFailure; problem?: CheckProblem }[] = [];
    for (const [pack, locs] of packs) {
      const result = await verifyPack(reader, pack, locs);
      packsRead++;
      blobsVerified += result.verified.length;
      for (const id of result.verified) good.add(id);
      if (result.problem) {
        problems.push(result.problem);
        damagedPacks.add(pack);
      }
      for (const failure of result.failed) failed.push({ failure, ...(result.problem && { problem: result.problem }) });
      progress({ phase: 'check', done: packsRead, total: packs.size, unit: 'items' });
    }
    // A blob that fails in a damaged pack is damage; one that fails in an intact pack is a lie.
    for (const { failure, problem } of failed) {
      if (!problem) lies.push(failure);
      else if (!good.has(failure.blob)) badBlobs.set(failure.blob, problem);
    }
  }

  const seenTrees = new Set<string>();
  const unindexed = new Set<string>(); // needed blobs no index segment records
  const seenSkips = new Set<string>();
  const manifests = new ManifestCheck(reader, problems, badBlobs); // what a snapshot needs outside its trees (R5-4)
  for (const snap of snapshots) {
    await manifests.snapshot(snap.id, snap.manifest);
    // A forged name (`../x`, a duplicate) or a folder that cannot be read: named once, the walk goes on.
    const skipped = (path: string, reason: string, why: 'refused' | 'unreadable') => {
      if (seenSkips.has(`${path}\0${reason}`)) return;
      seenSkips.add(`${path}\0${reason}`);
      problems.push(why === 'refused' ? { kind: 'entry-refused', message: `snapshot ${snap.id}: ${path}: ${reason} (restore leaves it out)` } : { kind: 'tree-unreadable', message: `snapshot ${snap.id}: ${path}: ${reason}` });
    };
    // Each distinct folder once per snapshot (its first path): linear even in a forged tree bomb.
    await walk(reader, await snapshotRoot(reader, snap.manifest), async (path, e) => {
      if (e.subtree && !reader.index.has(e.subtree) && !seenTrees.has(e.subtree)) {
        seenTrees.add(e.subtree);
        unindexed.add(e.subtree);
        problems.push({ kind: 'blob-missing', message: `tree of ${snap.id}:${path} is not in the index` });
      }
      for (const id of e.blobs ?? []) {
        const damaged = badBlobs.get(id);
        if (damaged) {
          damaged.files ??= [];
          if (damaged.files.length < MAX_FILES_LISTED) damaged.files.push(`${snap.id}:${path}`);
        } else if (!reader.index.has(id)) {
          unindexed.add(id);
          problems.push({ kind: 'blob-missing', message: `data of ${snap.id}:${path} is not in the index`, files: [`${snap.id}:${path}`] });
        }
      }
    }, skipped, '', new Set()).catch((e: unknown) => {
      if (!isBulkheadError(e)) throw e;
      problems.push({ kind: 'tree-unreadable', message: `snapshot ${snap.id}: ${e.message}` });
    });
  }
  problems.push(...(await footerNote(reader, unindexed)));
  // Reads during the walk (trees) remember bad locations too, also without --read-data.
  const seen = new Set<BlobLocation>(lies.map((l) => l.location));
  for (const bad of reader.packs.badLocations) if (!seen.has(bad.location) && !damagedPacks.has(bad.location.pack)) lies.push(bad);
  const byLie = locationProblems(lies, reader.config.writers);
  problems.push(...byLie.values());
  // Files whose blob has no good location at all are named under the lie that took its place.
  if (opts.readData) for (const l of lies) if (!good.has(l.blob) && !badBlobs.has(l.blob)) badBlobs.set(l.blob, byLie.get(l.location.source)!);
  const blocking = problems.filter((p) => p.kind !== 'snapshot-warning');
  return { ok: blocking.length === 0, snapshots: snapshots.length, packsRead, blobsVerified, problems };
}

/**
 * Of the needed blobs no index segment records, those the stored packs' own footers do (the
 * segments past their retention, deleted: covered-lookup.ts): restores read them from there. Said
 * apart, so "not in the index" is not taken for "lost".
 */
async function footerNote(reader: VaultReader, unindexed: ReadonlySet<string>): Promise<CheckProblem[]> {
  if (unindexed.size === 0) return [];
  await reader.coverIndex();
  const found = [...unindexed].filter((id) => reader.index.has(id)).length;
  if (found === 0) return [];
  const rest = unindexed.size - found;
  const message = `${found} of the ${unindexed.size} blobs above that no index segment records are recorded by their packs' own footers, which restores read instead: the segments that recorded them are gone (deleted past their retention?)${rest > 0 ? `; the other ${rest} are in no stored pack` : ''}`;
  return [{ kind: 'index-damaged', message }];
}

interface PackVerdict {
  verified: string[];
  failed: LocationFailure[];
  /** Set when the pack itself is damaged (unreadable, not its hash, footer fails): failures are its damage. */
  problem?: CheckProblem;
}

/** Reads a whole pack and tests every location claimed in it, each without fallback. */
async function verifyPack(reader: VaultReader, id: string, locs: [string, BlobLocation][]): Promise<PackVerdict> {
  const key = packKey(id);
  let bytes: Buffer;
  try {
    bytes = await reader.packs.readPack(id);
  } catch (e) {
    if (!isBulkheadError(e)) throw e;
    const failed = locs.map(([blob, location]) => ({ blob, location, reason: e.message }));
    const claim = locs[0] ? ` (indexed by ${locs[0][1].source.key})` : '';
    return { verified: [], failed, problem: { kind: 'pack-damaged', pack: key, message: `pack ${key}${claim} cannot be read: ${e.message}` } };
  }
  const reasons: string[] = [];
  if (sha256Hex(bytes) !== id) reasons.push('its content does not match its name');
  try {
    readFooter(bytes, reader.identity.decryptionSecret, key);
  } catch (e) {
    if (!isBulkheadError(e)) throw e;
    reasons.push(e.message);
  }
  reader.packs.remember(id, bytes);
  const verified: string[] = [];
  const failed: LocationFailure[] = [];
  for (const [blob, location] of locs) {
    try {
      await reader.packs.blobAt(blob, location);
      verified.push(blob);
    } catch (e) {
      if (!isBulkheadError(e)) throw e;
      failed.push({ blob, location, reason: e.message });
    }
  }
  if (reasons.length === 0) return { verified, failed };
  if (failed.length > 0) reasons.push(`${failed.length} blob(s) fail verification`);
  return { verified, failed, problem: { kind: 'pack-damaged', pack: key, message: `pack ${key}: ${reasons.join('; ')}` } };
}
