import { join } from 'node:path';
import { emptyStats, type BackupContext, type BackupStats } from '../blob-sink.js';
import type { SourceBackupOptions, SourceRoot, SourceSpec, ExtraRecord } from '../source.js';
import { FileCache } from '../dir/file-cache.js';
import { backupGit } from '../git/backup-git.js';
import { git, redact } from '../git/git.js';
import { encodeTree } from '../../vault/tree.js';
import { BulkheadError, isBulkheadError } from '../../util/errors.js';
import { githubClient } from './client.js';
import { EtagCache } from './etag-cache.js';
import { apiBase, parseGithubLocator, tokenFrom } from './locator.js';
import type { Discovered } from './collect-account.js';
import { collectAll } from './collect.js';
import { storeAssets } from './assets.js';
import { pool } from './pool.js';
import { documentBytes, storeDocuments, type Documents } from './documents.js';

/** The git source record of a repository of a GitHub source: `OWNER.REPO` (and `OWNER.REPO.wiki`). */
export const gitRecordName = (owner: string, repo: string, wiki = false) => `${owner}.${repo}${wiki ? '.wiki' : ''}`;

/**
 * A GitHub source: the account's repositories discovered now, each one's metadata as documents in
 * this source's tree, and each one's git data (and wiki) as an ordinary git source record beside
 * it, through the git source, so browse, diff and restore of git data work unchanged.
 */
export async function backupGithub(ctx: BackupContext, spec: SourceSpec, opts: SourceBackupOptions): Promise<SourceRoot> {
  const loc = parseGithubLocator(spec.locator);
  const token = tokenFrom(loc.tokenEnv, `the GitHub source ${spec.name}`);
  const cache = await EtagCache.load(join(opts.cacheDir, 'github', `${spec.name}.json`));
  const { octokit } = await githubClient({ baseUrl: apiBase(loc), token, cache });
  const assets = new Map<string, { blobs: string[]; size: number }>();
  let got;
  try {
    got = await collectAll(octokit, loc);
    for (const [repo, releases] of got.releases) await storeAssets(ctx, octokit, cache, loc.owner, repo, releases, assets);
  } catch (e) {
    throw failure(e, `GitHub ${loc.owner}`);
  }
  const docs: Documents = new Map([...got.docs].map(([path, v]) => [path, documentBytes(v)]));
  const { unavailable } = got;
  if (unavailable.length > 0) ctx.stats.warnings.push(`GitHub ${loc.owner}: ${unavailable.length} documents could not be read with this token (${unavailable.slice(0, 3).join(', ')}${unavailable.length > 3 ? ', …' : ''}); they are recorded as unavailable`);
  const root = await storeDocuments(ctx, docs, assets);
  await cache.save();
  // Repositories four at a time, each with its own stats (exact per record), merged in order.
  const perRepo = new Map<string, { records: ExtraRecord[]; stats: BackupStats }>();
  await pool(got.repos, 4, async (r) => {
    const own: BackupContext = { ...ctx, stats: emptyStats() };
    const records = [await gitRecord(own, opts, gitRecordName(loc.owner, r.name), r.clone_url)];
    const wiki = await wikiUrl(r);
    if (wiki) records.push(await gitRecord(own, opts, gitRecordName(loc.owner, r.name, true), wiki));
    perRepo.set(r.name, { records, stats: own.stats });
  });
  const extra: ExtraRecord[] = [];
  for (const r of got.repos) {
    const { records, stats } = perRepo.get(r.name)!;
    extra.push(...records);
    for (const k of ['files', 'dirs', 'bytes', 'bytesRead'] as const) ctx.stats[k] += stats[k];
    ctx.stats.warnings.push(...stats.warnings);
  }
  return { root, extra };
}

/** Any failure to read the account fails this source (recorded), never the whole backup. */
function failure(e: unknown, what: string): unknown {
  if (isBulkheadError(e)) return e;
  const x = e as { status?: number; message?: string };
  const why = x.status === undefined ? `cannot reach the API (${String(x.message).split('\n')[0]})` : `GitHub answered ${x.status} (${String(x.message).split('\n')[0]}); check the token's permissions (README, "GitHub source")`;
  return new BulkheadError('SOURCE_FAILED', `${what}: ${why}`, { cause: e });
}

/** One repository's git data through the git source; its failure is recorded on its own record. */
async function gitRecord(ctx: BackupContext, opts: SourceBackupOptions, name: string, url: string): Promise<ExtraRecord> {
  const before = { ...ctx.stats };
  const cache = await FileCache.load(join(opts.cacheDir, 'files', `${name}.json`));
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

/** GitHub says has_wiki even when no page was ever written: the wiki exists when its repository answers. */
async function wikiUrl(r: Discovered): Promise<string | undefined> {
  if (!r.has_wiki) return undefined;
  const url = r.clone_url.replace(/\.git$/, '.wiki.git');
  const answer = await git(['ls-remote', '--heads', url], { okCodes: [128, 2] }).catch(() => undefined);
  return answer && answer.code === 0 && answer.stdout.length > 0 ? redact(url) : undefined;
}
