import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { VaultReader } from '../../vault/reader.js';
import type { SnapshotInfo } from '../../vault/snapshot-list.js';
import { hkdf } from '../../crypto/kdf.js';
import { readSealedJson, writeSealedJson } from '../../vault/sealed-file.js';
import { COUNT_RULES } from './counts-cache.js';
import { REF_EVENT_RULES } from './ref-events.js';
import type { Anomaly, LevelsState } from './anomaly.js';

/** Bump when findAnomalies' or the history events' rules change (the counts' and ref events' own are in the key already). */
const LOOK_RULES = 1;
const AD = 'bulkhead/v1/look-cache/2';
/** The rules' versions a look's key names on its first line. */
export const KEY_RULES = `${LOOK_RULES}/${COUNT_RULES}/${REF_EVENT_RULES}`;
const MAX_BYTES = 64 * 1024 * 1024;

/** What a look derives from every snapshot: its anomalies (by id) and the files and bytes its trees hold (by hash). */
export interface Look {
  anomalies: Map<string, Anomaly[]>;
  totals: Map<string, { files: number; bytes: number }>;
}

/** A look as kept: its key, how many snapshots it judged, who owned each contested source, and where each lineage ended (to resume from). */
export interface KeptLook extends Look {
  key: string;
  count: number;
  owners: string;
  levels: LevelsState;
  /** Each git lineage's last manifest (history-events.ts manifestPairs). */
  last: [string, string][];
}

type Stored = Omit<KeptLook, 'anomalies' | 'totals'> & { anomalies: [string, Anomaly[]][]; totals: [string, number, number][] };

/**
 * What the inputs of a look are: each snapshot verified (its hash names its content: sources,
 * trees, manifests, all content-addressed), in listing order, with the time and writer it is judged
 * by, the revoked writers (who owns a contested source) and the rules' versions. Equal keys give
 * equal looks, so the last look is kept and given back while no snapshot came, went or moved; a
 * look whose first snapshots are a kept one's (same key over them) resumes from where it ended.
 */
export function lookKey(snapshots: readonly SnapshotInfo[], revoked: ReadonlySet<string>): string {
  const h = createHash('sha256').update(`${KEY_RULES}\n${[...revoked].sort().join(',')}\n`);
  // a few hundred lines per update: one call into the hash per snapshot was ~10 ms of a year's look
  let lines = '';
  for (let i = 0; i < snapshots.length; i++) {
    const s = snapshots[i]!;
    lines += `${s.hash} ${s.id} ${s.at} ${s.writerId}\n`;
    if (i % 256 === 255) {
      h.update(lines);
      lines = '';
    }
  }
  return h.update(lines).digest('hex');
}

/**
 * The last look, sealed in the operator's cache folder under a key only this identity derives:
 * a wide writer's quarter (2,000 snapshots of 1,000 repositories) is 2,000,000 source records to
 * count and judge again on every `snapshots`, posture or restore of `latest` (~4 s), where its
 * result is a few hundred KB. A look with a source that could not be counted is not kept (the
 * store may have failed for a moment); a file that does not open, or holds another key, is none.
 */
export function lookStore(reader: VaultReader): { load(): Promise<KeptLook | undefined>; save(look: KeptLook): Promise<void> } | undefined {
  if (!reader.cacheDir) return undefined;
  const path = join(reader.cacheDir, `look-${reader.identity.recipientFingerprint}.sealed`);
  const secret = () => hkdf(reader.identity.decryptionSecret, AD, Buffer.from(reader.config.vaultId));
  return {
    async load() {
      const raw = await readSealedJson<Stored>(path, secret(), AD, MAX_BYTES);
      if (!raw || typeof raw.key !== 'string' || !Number.isSafeInteger(raw.count) || typeof raw.owners !== 'string') return undefined;
      if (![raw.anomalies, raw.totals, raw.last, raw.levels?.accepted, raw.levels?.droppedSince].every(Array.isArray)) return undefined;
      return { ...raw, anomalies: new Map(raw.anomalies), totals: new Map(raw.totals.map(([hash, files, bytes]) => [hash, { files, bytes }])) };
    },
    save: (look) =>
      writeSealedJson(path, secret(), AD, {
        ...look,
        anomalies: [...look.anomalies],
        totals: [...look.totals].map(([hash, t]) => [hash, t.files, t.bytes]),
      } satisfies Stored).catch(() => undefined), // a cache that cannot be written costs time, never a verdict
  };
}
