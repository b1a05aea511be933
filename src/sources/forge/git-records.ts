import { emptyStats, type BackupContext, type BackupStats } from '../blob-sink.js';
import type { ExtraRecord, SourceBackupOptions } from '../source.js';
import { FileCache } from '../dir/file-cache.js';
import { backupGit } from '../git/backup-git.js';
import { git, redact } from '../git/git.js';
import { encodeTree } from '../../vault/tree.js';
import { isBulkheadError } from '../../util/errors.js';
import { pool } from './pool.js';

/** A repository of a forge source, as its git data is backed up: a git record, and its wiki's when it may have one. */
export interface ForgeRepository {
  name: string;
  url: string;
  wiki?: { name: string; url: string };
}

/**
 * Each repository's git data (and wiki) as ordinary git source records beside the forge's own,
 * four repositories at a time, each with its own stats (exact per record), merged in order.
 */
export async function backupRepositories(ctx: BackupContext, opts: SourceBackupOptions, repos: readonly ForgeRepository[]): Promise<ExtraRecord[]> {
  const done = new Map<ForgeRepository, { records: ExtraRecord[]; stats: BackupStats }>();
  await pool(repos, 4, async (r) => {
    const own: BackupContext = { ...ctx, stats: emptyStats() };
    const records = [await gitRecord(own, opts, r.name, r.url)];
    const wiki = r.wiki && (await answers(r.wiki.url));
    if (r.wiki && wiki) records.push(await gitRecord(own, opts, r.wiki.name, wiki));
    done.set(r, { records, stats: own.stats });
  });
  const extra: ExtraRecord[] = [];
  for (const r of repos) {
    const { records, stats } = done.get(r)!;
    extra.push(...records);
    for (const k of ['files', 'dirs', 'bytes', 'bytesRead'] as const) ctx.stats[k] += stats[k];
    ctx.stats.warnings.push(...stats.warnings);
  }
  return extra;
}

/** One repository's git data through the git source; its failure is recorded on its own record. */
async function gitRecord(ctx: BackupContext, opts: SourceBackupOptions, name: string, url: string): Promise<ExtraRecord> {
  const before = { ...ctx.stats };
  const cache = await FileCache.forSource(opts.cacheDir, name);
  try {
    const { failed, ...root } = await backupGit(ctx, url, opts.cacheDir, cache);
    opts.caches.push(cache);
    const stats = { files: ctx.stats.files - before.files, dirs: ctx.stats.dirs - before.dirs, bytes: ctx.stats.bytes - before.bytes };
    return { kind: 'git', name, locator: url, ...root, ...(failed && { failed: { reason: failed } }), stats };
  } catch (e) {
    if (!isBulkheadError(e, 'SOURCE_FAILED')) throw e;
    return { kind: 'git', name, locator: url, root: await ctx.sink.add('tree', encodeTree({ entries: [] })), failed: { reason: e.message }, stats: { files: 0, dirs: 0, bytes: 0 } };
  }
}

/**
 * Forges say a wiki is enabled even when no page was ever written: a wiki repository exists when
 * it answers. Its URL (credentials redacted) or undefined.
 */
async function answers(url: string): Promise<string | undefined> {
  const answer = await git(['ls-remote', '--heads', url], { okCodes: [128, 2] }).catch(() => undefined);
  return answer && answer.code === 0 && answer.stdout.length > 0 ? redact(url) : undefined;
}
