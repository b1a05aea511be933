import * as crypto from 'node:crypto';
import type { BigIntStats } from 'node:fs';
import { storedName, type TreeEntry } from '../../vault/tree.js';

/**
 * Tree entries built with their keys in canonical (sorted) order and nothing but safe integers,
 * so that JSON.stringify gives the canonical bytes encodeTree (util/canonical.ts) would: without
 * a sorted copy of every entry of every folder, which was ~5% of an unchanged backup's CPU (#14).
 * The key order is the contract here: blobs, gid, kind, link, mode, mtime, name, rawName, rawTarget,
 * size, subtree, target, uid (an undefined value is left out by JSON.stringify, as by canonicalJson).
 * tree-entries.test.ts holds the bytes to encodeTree's.
 */
export type Named = { name: string; rawName: string | undefined };

/**
 * A name as stored (tree.ts storedName), without re-encoding every name to check it: a decoded
 * name without U+FFFD came from valid UTF-8 (every decoding error becomes U+FFFD).
 */
export const nameOf = (raw: Buffer): { name: string; rawName: string | undefined } => {
  const name = raw.toString('utf8');
  return name.includes('\uFFFD') ? { name, rawName: storedName(raw).rawName } : { name, rawName: undefined };
};

const mode = (st: BigIntStats) => Number(st.mode & 0o7777n);
const gid = (st: BigIntStats) => Number(st.gid);
const uid = (st: BigIntStats) => Number(st.uid);
/** Tree times are µs. */
const mtime = (st: BigIntStats) => Number(st.mtimeNs / 1000n);

/** One-shot SHA-256 (Node 20.12 on: ~1 µs against ~2.5 for createHash, per linked file of every backup). */
const sha256Hex: (s: string) => string =
  typeof crypto.hash === 'function' ? (s) => crypto.hash('sha256', s, 'hex') : (s) => crypto.createHash('sha256').update(s).digest('hex');

/**
 * A file's hard-link group: only for a file with more than one name (nlink 1 records nothing, so
 * ordinary trees are as before). 64 bits of SHA-256 of its device and inode: equal for the names of
 * one inode, the same in every backup while the inode lives (a folder's tree reused from the file
 * cache names the same group as one encoded now), and no device or inode number in plain sight
 * (not a secret from someone who enumerates them: they say nothing the snapshot needs to hide).
 */
export const linkOf = (st: BigIntStats): string | undefined => (st.nlink > 1n ? sha256Hex(`link\0${st.dev}:${st.ino}`).slice(0, 16) : undefined);

export const fileEntry = ({ name, rawName }: Named, st: BigIntStats, size: number, blobs: string[]): TreeEntry => ({
  blobs,
  gid: gid(st),
  kind: 'file',
  link: linkOf(st),
  mode: mode(st),
  mtime: mtime(st),
  name,
  rawName,
  size,
  uid: uid(st),
});

export const dirEntry = ({ name, rawName }: Named, st: BigIntStats, subtree: string): TreeEntry => ({
  gid: gid(st),
  kind: 'dir',
  mode: mode(st),
  mtime: mtime(st),
  name,
  rawName,
  size: 0,
  subtree,
  uid: uid(st),
});

export function symlinkEntry({ name, rawName }: Named, st: BigIntStats, targetBytes: Buffer): TreeEntry {
  const target = storedName(targetBytes);
  return { gid: gid(st), kind: 'symlink', mode: mode(st), mtime: mtime(st), name, rawName, rawTarget: target.rawName, size: 0, target: target.name, uid: uid(st) };
}

/** The tree blob of these entries (built above), as encodeTree({ entries }) encodes it. */
export const encodeEntries = (entries: readonly TreeEntry[]): Buffer => Buffer.from(JSON.stringify({ entries }), 'utf8');
