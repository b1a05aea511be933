import { join } from 'node:path';
import type { BackupContext } from '../blob-sink.js';
import type { SourceBackupOptions, SourceRoot, SourceSpec } from '../source.js';
import { backupRepositories } from '../forge/git-records.js';
import { BulkheadError, isBulkheadError } from '../../util/errors.js';
import { githubClient } from './client.js';
import { EtagCache } from './etag-cache.js';
import { apiBase, parseGithubLocator, tokenFrom } from './locator.js';
import type { Discovered } from './collect-account.js';
import { collectAll } from './collect.js';
import { storeAssets } from './assets.js';
import { documentBytes, storeDocuments, type Documents } from '../forge/documents.js';

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
    got = await collectAll(octokit, loc, cache);
    for (const [repo, releases] of got.releases) await storeAssets(ctx, octokit, cache, loc.owner, repo, releases, assets);
  } catch (e) {
    throw failure(e, `GitHub ${loc.owner}`);
  }
  const docs: Documents = new Map([...got.docs].map(([path, v]) => [path, documentBytes(v)]));
  const { unavailable } = got;
  if (unavailable.length > 0) ctx.stats.warnings.push(`GitHub ${loc.owner}: ${unavailable.length} documents could not be read with this token (${unavailable.slice(0, 3).join(', ')}${unavailable.length > 3 ? ', …' : ''}); they are recorded as unavailable`);
  const root = await storeDocuments(ctx, docs, assets);
  await cache.save();
  const wiki = (r: Discovered) => (r.has_wiki ? { name: gitRecordName(loc.owner, r.name, true), url: r.clone_url.replace(/\.git$/, '.wiki.git') } : undefined);
  const extra = await backupRepositories(ctx, opts, got.repos.map((r) => ({ name: gitRecordName(loc.owner, r.name), url: r.clone_url, wiki: wiki(r) })));
  return { root, extra };
}

/** Any failure to read the account fails this source (recorded), never the whole backup. */
function failure(e: unknown, what: string): unknown {
  if (isBulkheadError(e)) return e;
  const x = e as { status?: number; message?: string };
  const why = x.status === undefined ? `cannot reach the API (${String(x.message).split('\n')[0]})` : `GitHub answered ${x.status} (${String(x.message).split('\n')[0]}); check the token's permissions (README, "GitHub source")`;
  return new BulkheadError('SOURCE_FAILED', `${what}: ${why}`, { cause: e });
}


