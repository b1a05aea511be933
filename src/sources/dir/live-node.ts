import { lstatSync, readdirSync, readlinkSync } from 'node:fs';
import { LiveHasher, type ContentHasher } from './live-hash.js';
import { noChildren, type DiffEntry } from '../diff-node.js';
import { storedName } from '../../vault/tree.js';

const SLASH = Buffer.from('/');

/**
 * A live directory on this machine as diff entries. File contents are cut and hashed exactly as
 * a backup would (same keyed chunker and ids), so equal content compares equal by blob ids; every
 * file of one walk is read through one LiveHasher's reused buffer (a fresh 8 MiB buffer per file
 * cost a diff of 100,000 small files minutes of garbage collection).
 */
export function liveChildren(path: Buffer, hasher: ContentHasher, rel = '', read = new LiveHasher(hasher)): Map<string, DiffEntry> {
  const out = new Map<string, DiffEntry>();
  for (const raw of readdirSync(path, { encoding: 'buffer' })) {
    const childRel = rel ? `${rel}/${storedName(raw).name}` : storedName(raw).name;
    if (hasher.excluded(childRel)) continue;
    const child = Buffer.concat([path, SLASH, raw]);
    const entry = liveEntry(child, raw, hasher, childRel, read);
    if (entry) out.set(raw.toString('hex'), entry);
  }
  return out;
}

function liveEntry(path: Buffer, raw: Buffer, hasher: ContentHasher, rel: string, read: LiveHasher): DiffEntry | undefined {
  const st = lstatSync(path, { bigint: true, throwIfNoEntry: false });
  if (!st) return undefined;
  const base = { name: storedName(raw).name, mode: Number(st.mode & 0o7777n), mtime: Number(st.mtimeNs / 1000n) };
  if (st.isDirectory()) {
    return { ...base, kind: 'dir', size: 0, blobs: async () => [], children: async () => liveChildren(path, hasher, rel, read) };
  }
  if (st.isSymbolicLink()) {
    const target = storedName(readlinkSync(path, { encoding: 'buffer' })).name;
    return { ...base, kind: 'symlink', size: 0, target, blobs: async () => [], children: noChildren };
  }
  if (!st.isFile()) return undefined;
  const size = Number(st.size);
  return { ...base, kind: 'file', size, blobs: () => read.blobs(path, size), children: noChildren };
}
