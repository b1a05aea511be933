import type { BlobFetcher } from '../blob-sink.js';

/**
 * The JSON documents of a GitHub source as stored in a snapshot, by path (`OWNER/REPO/labels.json`).
 * Release asset bytes are left out (their releases.json entries describe them).
 */
export async function readDocuments(fetcher: BlobFetcher, root: string): Promise<Map<string, unknown>> {
  const out = new Map<string, unknown>();
  const walk = async (id: string, prefix: string): Promise<void> => {
    for (const e of (await fetcher.tree(id)).entries) {
      const path = `${prefix}${e.name}`;
      if (e.kind === 'dir' && e.subtree && e.name !== 'release-assets') await walk(e.subtree, `${path}/`);
      else if (e.kind === 'file' && e.name.endsWith('.json')) {
        const parts = await Promise.all((e.blobs ?? []).map((b) => fetcher.blob(b)));
        out.set(path, JSON.parse(Buffer.concat(parts).toString('utf8')));
      }
    }
  };
  await walk(root, '');
  return out;
}
