import { lstatSync, promises as fsp, readdirSync, readlinkSync } from 'node:fs';
import type { Chunker } from '../../chunker/fastcdc.js';
import { chunkFile } from '../chunk-stream.js';
import { noChildren, type DiffEntry } from '../diff-node.js';
import { storedName } from '../../vault/tree.js';

export interface ContentHasher {
  chunker: Chunker;
  blobId(plain: Uint8Array): string;
  /** Paths (relative, "/"-joined) the backup left out, left out here too. */
  excluded: (relPath: string) => boolean;
  /**
   * A file's blob ids read through one reused buffer (ops' LiveHasher), for walks of many files: the
   * stream below takes a fresh 8 MiB buffer per file, and a diff of 100,000 small files against live
   * spent minutes collecting them.
   */
  fileBlobs?: (path: Buffer, size: number) => Promise<string[]>;
}

const SLASH = Buffer.from('/');

/**
 * A live directory on this machine as diff entries. File contents are cut and hashed exactly as
 * a backup would (same keyed chunker and ids), so equal content compares equal by blob ids.
 */
export function liveChildren(path: Buffer, hasher: ContentHasher, rel = ''): Map<string, DiffEntry> {
  const out = new Map<string, DiffEntry>();
  for (const raw of readdirSync(path, { encoding: 'buffer' })) {
    const childRel = rel ? `${rel}/${storedName(raw).name}` : storedName(raw).name;
    if (hasher.excluded(childRel)) continue;
    const child = Buffer.concat([path, SLASH, raw]);
    const entry = liveEntry(child, raw, hasher, childRel);
    if (entry) out.set(raw.toString('hex'), entry);
  }
  return out;
}

export function liveEntry(path: Buffer, raw: Buffer, hasher: ContentHasher, rel: string): DiffEntry | undefined {
  const st = lstatSync(path, { bigint: true, throwIfNoEntry: false });
  if (!st) return undefined;
  const base = { name: storedName(raw).name, mode: Number(st.mode & 0o7777n), mtime: Number(st.mtimeNs / 1000n) };
  if (st.isDirectory()) {
    return { ...base, kind: 'dir', size: 0, blobs: async () => [], children: async () => liveChildren(path, hasher, rel) };
  }
  if (st.isSymbolicLink()) {
    const target = storedName(readlinkSync(path, { encoding: 'buffer' })).name;
    return { ...base, kind: 'symlink', size: 0, target, blobs: async () => [], children: noChildren };
  }
  if (!st.isFile()) return undefined;
  const size = Number(st.size);
  return { ...base, kind: 'file', size, blobs: () => (hasher.fileBlobs ? hasher.fileBlobs(path, size) : hashFile(path, hasher)), children: noChildren };
}

async function hashFile(path: Buffer, hasher: ContentHasher): Promise<string[]> {
  const fd = await fsp.open(path, 'r');
  try {
    const ids: string[] = [];
    for await (const chunk of chunkFile(hasher.chunker, fd)) ids.push(hasher.blobId(chunk));
    return ids.length > 0 ? ids : [hasher.blobId(Buffer.alloc(0))];
  } finally {
    await fd.close();
  }
}
