import type { BackupContext } from '../blob-sink.js';
import { chunkStream } from '../chunk-stream.js';
import type { GithubClient } from './client.js';
import type { EtagCache } from './etag-cache.js';

interface Asset {
  id: number;
  name: string;
  size: number;
  updated_at: string;
}

/** Where a release asset's bytes are in the source's tree: OWNER/REPO/release-assets/ID-NAME. */
export const assetPath = (owner: string, repo: string, a: { id: number; name: string }) => `${owner}/${repo}/release-assets/${a.id}-${a.name.replace(/[/\\]/g, '_')}`;

/**
 * Release asset bytes, stored beside the documents as OWNER/REPO/release-assets/ID-NAME. An asset
 * is immutable once uploaded (same id, size and update time): when its blobs are already in the
 * vault it is not downloaded again, so an unchanged repository costs no download.
 */
export async function storeAssets(ctx: BackupContext, octokit: GithubClient, cache: EtagCache, owner: string, repo: string, releases: Record<string, unknown>[], out: Map<string, { blobs: string[]; size: number }>): Promise<void> {
  for (const release of releases) {
    for (const a of (release.assets as Asset[] | undefined) ?? []) {
      const key = `asset:${owner}/${repo}:${a.id}:${a.size}:${a.updated_at}`;
      const path = assetPath(owner, repo, a);
      const known = cache.get(key)?.data as string[] | undefined;
      if (known && known.every((b) => ctx.sink.reuse(b))) {
        cache.keep(key);
        out.set(path, { blobs: known, size: a.size });
        continue;
      }
      const res = await octokit.request('GET /repos/{owner}/{repo}/releases/assets/{asset_id}', { owner, repo, asset_id: a.id, headers: { accept: 'application/octet-stream' } });
      const bytes = Buffer.from(res.data as unknown as ArrayBuffer);
      const blobs: string[] = [];
      for await (const chunk of chunkStream(ctx.sink.chunker, (async function* () { yield bytes; })())) blobs.push(await ctx.sink.add('data', chunk));
      ctx.stats.bytesRead += bytes.length;
      cache.set(key, { etag: '', data: blobs });
      out.set(path, { blobs, size: bytes.length });
    }
  }
}
