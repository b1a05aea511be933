import type { BackupContext } from '../blob-sink.js';
import { chunkStream } from '../chunk-stream.js';
import { encodeTree, type TreeEntry } from '../../vault/tree.js';
import { isBulkheadError } from '../../util/errors.js';
import { checkDocumentBytes, checkDocumentShape } from './document-budget.js';

/**
 * The metadata of a GitHub source as files: canonical JSON documents (keys sorted, two-space
 * indent, one trailing newline, so equal metadata is equal bytes and a diff reads like a file
 * diff) and release asset bytes, at paths like `OWNER/REPO/environments.json`.
 */
export type Documents = Map<string, Buffer>;

export function documentBytes(value: unknown): Buffer {
  return Buffer.from(`${JSON.stringify(sorted(value), null, 2)}\n`, 'utf8');
}

function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => [k, sorted((value as Record<string, unknown>)[k])]),
  );
}

interface Folder {
  files: Map<string, Buffer | string[]>;
  dirs: Map<string, Folder>;
}

/**
 * Stores the documents as a tree of folders (mode 0644 files, mtime 0: the time of the fetch is
 * not part of the metadata, so an unchanged account gives the same tree). `stored` are files whose
 * blobs are already in the vault (release assets not downloaded again).
 */
export async function storeDocuments(ctx: BackupContext, docs: Documents, stored: Map<string, { blobs: string[]; size: number }>): Promise<string> {
  const root: Folder = { files: new Map(), dirs: new Map() };
  const place = (path: string, value: Buffer | string[]) => {
    const parts = path.split('/');
    let f = root;
    for (const p of parts.slice(0, -1)) {
      if (!f.dirs.has(p)) f.dirs.set(p, { files: new Map(), dirs: new Map() });
      f = f.dirs.get(p)!;
    }
    f.files.set(parts.at(-1)!, value);
  };
  for (const [path, bytes] of docs) place(path, bytes);
  for (const [path, s] of stored) place(path, s.blobs);
  const beyond = pastReaderCeilings(docs);
  if (beyond) ctx.stats.warnings.push(beyond);
  return writeFolder(ctx, root, stored, '');
}

/**
 * What a reader would refuse of these documents (document-budget.ts: a restore, diff or drill of
 * the source stops there), said at backup, when someone can still act on it, not at the restore.
 * An honest account can pass a ceiling (one repository's issues and comments past 64 MiB).
 */
function pastReaderCeilings(docs: Documents): string | undefined {
  let bytes = 0;
  let values = 0;
  try {
    for (const [path, text] of [...docs].filter(([p]) => p.endsWith('.json')).sort(([a], [b]) => (a < b ? -1 : 1))) {
      bytes += text.length;
      checkDocumentBytes(path, text.length, bytes);
      values = checkDocumentShape(path, text, values);
    }
  } catch (e) {
    if (!isBulkheadError(e)) throw e;
    return `${e.message.replace(/: refused unread.*$/, '')}: stored, but this version's diff, restore and drills will refuse to read this source's documents (src/sources/forge/document-budget.ts); a source's total can be split across sources (OWNER/REPO each), one document past the ceiling cannot`;
  }
  return undefined;
}

async function writeFolder(ctx: BackupContext, f: Folder, stored: Map<string, { blobs: string[]; size: number }>, prefix: string): Promise<string> {
  const entries: TreeEntry[] = [];
  for (const [name, sub] of [...f.dirs].sort(([a], [b]) => (a < b ? -1 : 1))) {
    entries.push({ name, kind: 'dir', mode: 0o755, mtime: 0, size: 0, subtree: await writeFolder(ctx, sub, stored, `${prefix}${name}/`) });
    ctx.stats.dirs++;
  }
  for (const [name, v] of [...f.files].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const reused = stored.get(`${prefix}${name}`);
    const blobs = Array.isArray(v) ? v : await addBytes(ctx, v);
    const size = reused ? reused.size : (v as Buffer).length;
    entries.push({ name, kind: 'file', mode: 0o644, mtime: 0, size, blobs });
    ctx.stats.files++;
    ctx.stats.bytes += size;
  }
  return ctx.sink.add('tree', encodeTree({ entries }));
}

async function addBytes(ctx: BackupContext, bytes: Buffer): Promise<string[]> {
  ctx.stats.bytesRead += bytes.length;
  const blobs: string[] = [];
  for await (const chunk of chunkStream(ctx.sink.chunker, (async function* () { yield bytes; })())) blobs.push(await ctx.sink.add('data', chunk));
  return blobs;
}
