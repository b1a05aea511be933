import { githubClient } from './client.js';
import { collectAll } from './collect.js';
import { documentBytes } from '../forge/documents.js';
import { apiBase, tokenFrom, type GithubLocator } from './locator.js';
import { isBulkheadError } from '../../util/errors.js';

/**
 * The live documents of a GitHub source, read now with the token in the locator's variable, in the
 * same form as the snapshot holds them (so equal metadata compares equal). A single-repository
 * source whose repository is gone reads as no documents.
 */
export async function liveDocuments(loc: GithubLocator, token?: string): Promise<Map<string, unknown>> {
  const { octokit } = await githubClient({ baseUrl: apiBase(loc), token: token ?? tokenFrom(loc.tokenEnv, `reading ${loc.owner} live`) });
  try {
    const got = await collectAll(octokit, loc);
    return new Map([...got.docs].map(([path, v]) => [path, JSON.parse(documentBytes(v).toString('utf8')) as unknown]));
  } catch (e) {
    if (loc.repo && isBulkheadError(e, 'SOURCE_FAILED')) return new Map();
    throw e;
  }
}
