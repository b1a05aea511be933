import type { VaultReader } from '../vault/reader.js';
import { packKey } from '../vault/blob-index.js';
import { readFooter } from '../vault/pack.js';
import { snapshotRoot, walk } from '../vault/browse.js';
import { sha256Hex } from '../crypto/blob-id.js';
import { isBulkheadError } from '../util/errors.js';
import { noProgress, type ProgressSink } from '../util/progress.js';

export interface CheckProblem {
  kind: 'config-tampered' | 'snapshot-tampered' | 'snapshot-warning' | 'index-damaged' | 'blob-missing' | 'pack-damaged' | 'tree-unreadable';
  message: string;
  pack?: string;
  /** Files (snapshot id:path) whose data is affected. */
  files?: string[];
}

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
 * snapshot needs is indexed; with readData, every pack's hash and every blob's tag and id, then
 * names the files each damaged blob belongs to.
 */
export async function checkVault(reader: VaultReader, opts: { readData: boolean; progress?: ProgressSink }): Promise<CheckResult> {
  const progress = opts.progress ?? noProgress;
  const problems: CheckProblem[] = [];
  for (const reason of reader.loaded.tampered) problems.push({ kind: 'config-tampered', message: reason });
  for (const key of reader.index.damagedSegments) problems.push({ kind: 'index-damaged', message: `index segment ${key} does not decrypt` });
  const { snapshots, tampered } = await reader.snapshots();
  for (const t of tampered) problems.push({ kind: 'snapshot-tampered', message: t });
  for (const s of snapshots) for (const w of s.warnings) problems.push({ kind: 'snapshot-warning', message: `snapshot ${s.id}: ${w}` });

  const badBlobs = new Map<string, CheckProblem>();
  let packsRead = 0;
  let blobsVerified = 0;
  if (opts.readData) {
    const packs = new Map<string, string[]>([...reader.index.packs.keys()].map((id) => [id, []]));
    for (const [blob, loc] of reader.index.blobs) packs.get(loc.pack)?.push(blob);
    for (const [pack, blobs] of packs) {
      const result = await verifyPack(reader, pack, blobs);
      packsRead++;
      blobsVerified += result.verified;
      if (result.problem) {
        problems.push(result.problem);
        for (const id of result.bad) badBlobs.set(id, result.problem);
      }
      progress({ phase: 'check', done: packsRead, total: packs.size, unit: 'items' });
    }
  }

  const seenTrees = new Set<string>();
  for (const snap of snapshots) {
    await walk(reader, await snapshotRoot(reader, snap.manifest), async (path, e) => {
      if (e.subtree && !reader.index.has(e.subtree) && !seenTrees.has(e.subtree)) {
        seenTrees.add(e.subtree);
        problems.push({ kind: 'blob-missing', message: `tree of ${snap.id}:${path} is not in the index` });
      }
      for (const id of e.blobs ?? []) {
        const damaged = badBlobs.get(id);
        if (damaged) {
          damaged.files ??= [];
          if (damaged.files.length < MAX_FILES_LISTED) damaged.files.push(`${snap.id}:${path}`);
        } else if (!reader.index.has(id)) {
          problems.push({ kind: 'blob-missing', message: `data of ${snap.id}:${path} is not in the index`, files: [`${snap.id}:${path}`] });
        }
      }
    }).catch((e: unknown) => {
      if (!isBulkheadError(e)) throw e;
      problems.push({ kind: 'tree-unreadable', message: `snapshot ${snap.id}: ${e.message}` });
    });
  }
  const blocking = problems.filter((p) => p.kind !== 'snapshot-warning');
  return { ok: blocking.length === 0, snapshots: snapshots.length, packsRead, blobsVerified, problems };
}

async function verifyPack(reader: VaultReader, id: string, blobs: string[]): Promise<{ verified: number; bad: string[]; problem?: CheckProblem }> {
  const key = packKey(id);
  let bytes: Buffer;
  try {
    bytes = await reader.packs.readPack(id);
  } catch (e) {
    if (!isBulkheadError(e)) throw e;
    return { verified: 0, bad: blobs, problem: { kind: 'pack-damaged', pack: key, message: `pack ${key} cannot be read: ${e.message}` } };
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
  const bad: string[] = [];
  let verified = 0;
  for (const blob of blobs) {
    try {
      await reader.blob(blob);
      verified++;
    } catch (e) {
      if (!isBulkheadError(e)) throw e;
      bad.push(blob);
    }
  }
  if (bad.length > 0) reasons.push(`${bad.length} blob(s) fail verification`);
  if (reasons.length === 0) return { verified, bad };
  return { verified, bad, problem: { kind: 'pack-damaged', pack: key, message: `pack ${key}: ${reasons.join('; ')}` } };
}
