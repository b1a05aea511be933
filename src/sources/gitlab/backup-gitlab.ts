import type { BackupContext } from '../blob-sink.js';
import type { SourceBackupOptions, SourceRoot, SourceSpec } from '../source.js';
import { backupRepositories } from '../forge/git-records.js';
import { BulkheadError, isBulkheadError } from '../../util/errors.js';
import { documentBytes, storeDocuments, type Documents } from '../forge/documents.js';
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
  const wiki = (p: Discovered) => (p.wiki_enabled ? { name: gitRecordName(p.path_with_namespace, true), url: p.http_url_to_repo.replace(/\.git$/, '.wiki.git') } : undefined);
  const extra = await backupRepositories(ctx, opts, got.projects.map((p) => ({ name: gitRecordName(p.path_with_namespace), url: p.http_url_to_repo, wiki: wiki(p) })));
  return { root, extra };
}

/** Any failure to read the group fails this source (recorded), never the whole backup. */
function failure(e: unknown, what: string): unknown {
  if (isBulkheadError(e)) return e;
  const x = e as { status?: number; message?: string };
  const why = x.status === undefined ? `cannot reach the API (${String(x.message).split('\n')[0]})` : `GitLab answered ${String(x.message).split('\n')[0]}; check the token's scope (read_api; README, "GitLab source")`;
  return new BulkheadError('SOURCE_FAILED', `${what}: ${why}`, { cause: e });
}


