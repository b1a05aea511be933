import { join } from 'node:path';
import { emptyStats, type BackupContext, type BackupStats } from '../blob-sink.js';
import type { SourceBackupOptions, SourceRoot, SourceSpec, ExtraRecord } from '../source.js';
import { FileCache } from '../dir/file-cache.js';
import { backupGit } from '../git/backup-git.js';
import { git, redact } from '../git/git.js';
import { encodeTree } from '../../vault/tree.js';
import { BulkheadError, isBulkheadError } from '../../util/errors.js';
import { documentBytes, storeDocuments, type Documents } from '../github/documents.js';
import { pool } from '../github/pool.js';
import { gitlabClient } from './client.js';
import { instanceUrl, parseGitlabLocator, tokenFrom } from './locator.js';
import { collectAll } from './collect.js';
import type { Discovered } from './discover.js';

/** The git source record of a project of a GitLab source: its full path with dots (`acme.platform.api`, and `….wiki`). */
export const gitRecordName = (fullPath: string, wiki = false) => `${fullPath.replace(/\//g, '.')}${wiki ? '.wiki' : ''}`;

/**
 * A GitLab source: the group's projects discovered now (subgroups included), each one's metadata
 * and the groups' as documents in this source's tree, and each project's git data (and wiki) as an
 * ordinary git source record beside it, through the git source.
 */
export async function backupGitlab(ctx: BackupContext, spec: SourceSpec, opts: SourceBackupOptions): Promise<SourceRoot> {
  const loc = parseGitlabLocator(spec.locator);
  const token = tokenFrom(loc.tokenEnv, `the GitLab source ${spec.name}`);
  const { api } = await gitlabClient({ host: instanceUrl(loc), token });
  let got;
  try {
    got = await collectAll(api, loc);
  } catch (e) {
    throw failure(e, `GitLab ${loc.path}`);
  }
  const docs: Documents = new Map([...got.docs].map(([path, v]) => [path, documentBytes(v)]));
  const { unavailable } = got;
  if (unavailable.length > 0) ctx.stats.warnings.push(`GitLab ${loc.path}: ${unavailable.length} documents could not be read with this token (${unavailable.slice(0, 3).join(', ')}${unavailable.length > 3 ? ', …' : ''}); they are recorded as unavailable`);
  const root = await storeDocuments(ctx, docs, new Map());
  // Projects four at a time, each with its own stats (exact per record), merged in order.
  const perProject = new Map<number, { records: ExtraRecord[]; stats: BackupStats }>();
  await pool(got.projects, 4, async (p) => {
    const own: BackupContext = { ...ctx, stats: emptyStats() };
    const records = [await gitRecord(own, opts, gitRecordName(p.path_with_namespace), p.http_url_to_repo)];
    const wiki = await wikiUrl(p);
    if (wiki) records.push(await gitRecord(own, opts, gitRecordName(p.path_with_namespace, true), wiki));
    perProject.set(p.id, { records, stats: own.stats });
  });
  const extra: ExtraRecord[] = [];
  for (const p of got.projects) {
    const { records, stats } = perProject.get(p.id)!;
    extra.push(...records);
    for (const k of ['files', 'dirs', 'bytes', 'bytesRead'] as const) ctx.stats[k] += stats[k];
    ctx.stats.warnings.push(...stats.warnings);
  }
  return { root, extra };
}

/** Any failure to read the group fails this source (recorded), never the whole backup. */
function failure(e: unknown, what: string): unknown {
  if (isBulkheadError(e)) return e;
  const x = e as { status?: number; message?: string };
  const why = x.status === undefined ? `cannot reach the API (${String(x.message).split('\n')[0]})` : `GitLab answered ${String(x.message).split('\n')[0]}; check the token's scope (read_api; README, "GitLab source")`;
  return new BulkheadError('SOURCE_FAILED', `${what}: ${why}`, { cause: e });
}

/** One project's git data through the git source; its failure is recorded on its own record. */
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

/** A project with the wiki enabled has a wiki repository once a page was written: it exists when it answers. */
async function wikiUrl(p: Discovered): Promise<string | undefined> {
  if (!p.wiki_enabled) return undefined;
  const url = p.http_url_to_repo.replace(/\.git$/, '.wiki.git');
  const answer = await git(['ls-remote', '--heads', url], { okCodes: [128, 2] }).catch(() => undefined);
  return answer && answer.code === 0 && answer.stdout.length > 0 ? redact(url) : undefined;
}
