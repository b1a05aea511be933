import { join } from 'node:path';
import type { VaultReader } from '../../vault/reader.js';
import { hkdf } from '../../crypto/kdf.js';
import { readSealedJson, writeSealedJson } from '../../vault/sealed-file.js';
import type { RefEvents } from './ref-events.js';

/** What a tree holds, itself included: the same measures as a source record's (claimed) stats. */
export interface TreeCounts {
  files: number;
  dirs: number;
  bytes: number;
}

/** What a git manifest says a wipe makes collapse: its refs, the default branch's pipelines and files. */
export interface ManifestCounts {
  refs: number;
  pipelines: number;
  files: number;
}

/** Everything counted: trees and git manifests, both content-addressed, by their blob ids; ref events by their pair of manifest ids (history-events.ts). */
export interface KnownCounts {
  trees: Map<string, TreeCounts>;
  manifests: Map<string, ManifestCounts>;
  /** Absent from a store that keeps none. */
  pairs?: Map<string, RefEvents>;
  /**
   * What a format 2 git manifest's parts hold (manifest-parts.ts), by `files:ID` (its files) and
   * `pipelines:ID:BRANCH` (that branch's pipelines): a part shared by many manifests is read once.
   * Absent from a store that keeps none.
   */
  parts?: Map<string, number>;
}

/** Bump when counting rules change: counts from older rules are then recounted, not trusted. */
const RULES = 2;
const AD = `bulkhead/v1/counts-cache/${RULES}`;
const MAX_BYTES = 256 * 1024 * 1024;

export interface CountsStore {
  load(): Promise<KnownCounts>;
  save(counts: KnownCounts): Promise<void>;
}

/** `pairs` and `parts`: added after RULES 2 without a bump (a file without them simply has none yet); their own rules are in their keys. */
type Stored = { trees?: Record<string, [number, number, number]>; manifests?: Record<string, [number, number, number]>; pairs?: Record<string, RefEvents>; parts?: Record<string, number> };

/**
 * What each tree and git manifest holds, remembered across runs in the operator's cache folder:
 * both are content-addressed and immutable, so a count never goes stale, and "latest" (which needs
 * every snapshot's counts to see an anomaly) costs what no earlier run counted, not the vault's
 * whole history (for an organisation's 1,000 repositories, not a manifest read per repository). Sealed under a key only this identity derives: folder sizes are the backups'
 * metadata, and a cache file that does not open (edited, another identity's, older rules) is
 * simply recounted.
 */
export function countsStore(reader: VaultReader): CountsStore | undefined {
  if (!reader.cacheDir) return undefined;
  const path = join(reader.cacheDir, `counts-${reader.identity.recipientFingerprint}.sealed`);
  const key = () => hkdf(reader.identity.decryptionSecret, AD, Buffer.from(reader.config.vaultId));
  return {
    async load() {
      const raw = await readSealedJson<Stored>(path, key(), AD, MAX_BYTES);
      return {
        trees: new Map(Object.entries(raw?.trees ?? {}).map(([id, [files, dirs, total]]) => [id, { files, dirs, bytes: total }])),
        manifests: new Map(Object.entries(raw?.manifests ?? {}).map(([id, [refs, pipelines, files]]) => [id, { refs, pipelines, files }])),
        pairs: new Map(Object.entries(raw?.pairs ?? {})),
        parts: new Map(Object.entries(raw?.parts ?? {}).filter(([, n]) => Number.isSafeInteger(n))),
      };
    },
    save: (counts) =>
      writeSealedJson(path, key(), AD, {
        trees: Object.fromEntries([...counts.trees].map(([id, c]) => [id, [c.files, c.dirs, c.bytes]])),
        manifests: Object.fromEntries([...counts.manifests].map(([id, c]) => [id, [c.refs, c.pipelines, c.files]])),
        pairs: Object.fromEntries(counts.pairs ?? []),
        parts: Object.fromEntries(counts.parts ?? []),
      } satisfies Stored),
  };
}
