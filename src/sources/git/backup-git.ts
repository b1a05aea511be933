import type { BackupContext } from '../blob-sink.js';
import { backupDir } from '../dir/backup-dir.js';
import type { FileCache } from '../dir/file-cache.js';
import { canonicalBytes } from '../../util/canonical.js';
import { redact } from './git.js';
import { buildManifest } from './manifest.js';
import { updateMirror } from './mirror-cache.js';
import { fetchLfs, lfsObjectCount } from './lfs.js';

/**
 * A git source: every ref the server advertises, HEAD and all reachable objects, kept as the files
 * of a bare mirror (a restore needs no re-indexing), plus a manifest blob with refs, default branch,
 * the file list at its head and the pipelines of every branch.
 */
export async function backupGit(ctx: BackupContext, url: string, cacheDir: string, cache: FileCache) {
  const mirror = await updateMirror(cacheDir, url);
  const lfsWarning = await fetchLfs(mirror);
  if (lfsWarning) ctx.stats.warnings.push(redact(lfsWarning));
  const manifest = { ...(await buildManifest(mirror, redact(url))), lfsObjects: lfsObjectCount(mirror) };
  const tree = await backupDir(ctx, { root: mirror, excludes: [], cache });
  const manifestId = await ctx.sink.add('tree', canonicalBytes(manifest));
  return { ...tree, manifest: manifestId };
}
