import { gitlabClient } from './client.js';
import { collectAll } from './collect.js';
import { documentBytes } from '../forge/documents.js';
import { instanceUrl, tokenFrom, type GitlabLocator } from './locator.js';

/**
 * The live documents of a GitLab source, read now (with the token in the locator's variable, or the
 * operator's), in the same form as the snapshot holds them, so equal metadata compares equal. A
 * source whose group or project is gone reads as no documents.
 */
export async function liveDocuments(loc: GitlabLocator, token?: string): Promise<Map<string, unknown>> {
  const { api } = await gitlabClient({ host: instanceUrl(loc), token: token ?? tokenFrom(loc.tokenEnv, `reading ${loc.path} live`) });
  const got = await collectAll(api, loc).catch((e: unknown) => {
    if ((e as { code?: string }).code === 'SOURCE_FAILED') return undefined;
    throw e;
  });
  if (!got) return new Map();
  return new Map([...got.docs].map(([path, v]) => [path, JSON.parse(documentBytes(v).toString('utf8')) as unknown]));
}
