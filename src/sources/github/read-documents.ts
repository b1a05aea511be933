import type { BlobFetcher } from '../blob-sink.js';
import { assetPath } from './assets.js';
import { checkDocumentBytes, checkDocumentShape } from '../forge/document-budget.js';

type J = Record<string, unknown>;

/**
 * The bytes the snapshot holds for each release asset of documents read by readDocuments, keyed by
 * the asset's own object in releases.json: they follow the document wherever it is passed (a
 * drill's sandbox copy keeps the same objects) and never enter a comparison or a JSON form.
 */
const assetBytes = new WeakMap<object, () => Promise<Buffer>>();

/** A saved release asset's bytes from the snapshot, or undefined (the snapshot lacks them, or the document was read live). */
export async function savedAssetBytes(asset: object): Promise<Buffer | undefined> {
  return assetBytes.get(asset)?.();
}

/**
 * The JSON documents of a GitHub source as stored in a snapshot, by path (`OWNER/REPO/labels.json`).
 * Release asset bytes are not documents: each release asset's entry gets a loader for them
 * (savedAssetBytes), read only when a restore uploads it. Each document is held to the ceilings of
 * forge/document-budget.ts before it is parsed (its writer chose its size and shape).
 */
export async function readDocuments(fetcher: BlobFetcher, root: string): Promise<Map<string, unknown>> {
  const out = new Map<string, unknown>();
  const files = new Map<string, string[]>();
  let [bytes, values] = [0, 0];
  const walk = async (id: string, prefix: string): Promise<void> => {
    for (const e of (await fetcher.tree(id)).entries) {
      const path = `${prefix}${e.name}`;
      if (e.kind === 'dir' && e.subtree) await walk(e.subtree, `${path}/`);
      else if (e.kind === 'file' && prefix.endsWith('/release-assets/')) files.set(path, e.blobs ?? []);
      else if (e.kind === 'file' && e.name.endsWith('.json')) {
        checkDocumentBytes(path, e.size, bytes + e.size);
        const parts: Buffer[] = [];
        let read = 0;
        // One blob at a time, counted as it comes: the tree's size is the writer's word too.
        for (const b of e.blobs ?? []) {
          parts.push(await fetcher.blob(b));
          read += parts.at(-1)!.length;
          checkDocumentBytes(path, read, bytes + read);
        }
        bytes += read;
        const text = Buffer.concat(parts);
        values = checkDocumentShape(path, text, values);
        out.set(path, JSON.parse(text.toString('utf8')));
      }
    }
  };
  await walk(root, '');
  for (const [path, v] of out) {
    const m = /^([^/]+)\/([^/]+)\/releases\.json$/.exec(path);
    if (!m || !Array.isArray(v)) continue;
    for (const a of (v as J[]).flatMap((r) => (Array.isArray(r.assets) ? (r.assets as J[]) : []))) {
      const blobs = files.get(assetPath(m[1]!, m[2]!, { id: Number(a.id), name: String(a.name) }));
      if (blobs) assetBytes.set(a, async () => Buffer.concat(await Promise.all(blobs.map((b) => fetcher.blob(b)))));
    }
  }
  return out;
}
