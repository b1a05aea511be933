import { z } from 'zod';
import { canonicalBytes } from '../util/canonical.js';

/**
 * A directory as a canonical JSON blob. Names are UTF-8 strings; a name (or link target) whose bytes
 * are not valid UTF-8 also keeps its exact bytes in rawName (rawTarget), base64. mtime is in µs.
 */
export const treeEntrySchema = z.object({
  name: z.string(),
  rawName: z.string().optional(),
  kind: z.enum(['file', 'dir', 'symlink']),
  mode: z.number().int(),
  mtime: z.number().int(),
  size: z.number().int(),
  blobs: z.array(z.string()).optional(),
  subtree: z.string().optional(),
  target: z.string().optional(),
  rawTarget: z.string().optional(),
});
export type TreeEntry = z.infer<typeof treeEntrySchema>;
export const treeSchema = z.object({ entries: z.array(treeEntrySchema) });
export type Tree = z.infer<typeof treeSchema>;

export function encodeTree(tree: Tree): Buffer {
  return canonicalBytes(tree);
}

export function decodeTree(bytes: Buffer): Tree {
  return treeSchema.parse(JSON.parse(bytes.toString('utf8')));
}

/** The exact bytes of a name, as the file system had them. */
export function nameBytes(e: Pick<TreeEntry, 'name' | 'rawName'>): Buffer {
  return e.rawName ? Buffer.from(e.rawName, 'base64') : Buffer.from(e.name, 'utf8');
}

/** A name as stored: a string, plus the raw bytes when UTF-8 cannot carry them. */
export function storedName(raw: Buffer): { name: string; rawName?: string } {
  const name = raw.toString('utf8');
  return Buffer.from(name, 'utf8').equals(raw) ? { name } : { name, rawName: raw.toString('base64') };
}
