import { BulkheadError } from '../../util/errors.js';
import { requireForgeTokenName, requireTrustedForge } from '../forge/trusted-urls.js';

/**
 * `github:OWNER[/REPO][?url=API_BASE][&forks=1][&token-env=NAME]`. The token is never part of the
 * locator (which is stored in every snapshot): it is read from the environment variable named by
 * token-env, GITHUB_TOKEN by default. The API base defaults to GITHUB_API_URL, else api.github.com.
 */
export interface GithubLocator {
  owner: string;
  repo?: string;
  /** Explicit API base URL from the locator, if any. */
  url?: string;
  forks: boolean;
  tokenEnv: string;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export function parseGithubLocator(locator: string): GithubLocator {
  const [path = '', query = ''] = locator.split('?', 2);
  const [owner = '', repo, extra] = path.replace(/\/+$/, '').split('/');
  if (!NAME.test(owner) || (repo !== undefined && !NAME.test(repo)) || extra !== undefined) {
    throw new BulkheadError('USAGE', `"github:${locator}" is not a GitHub source; write github:OWNER or github:OWNER/REPO (optionally ?url=API_BASE&forks=1&token-env=VAR)`);
  }
  const params = new URLSearchParams(query);
  for (const k of params.keys()) {
    if (!['url', 'forks', 'token-env'].includes(k)) throw new BulkheadError('USAGE', `unknown option "${k}" in github:${locator}; known: url, forks, token-env`);
  }
  const url = params.get('url') ?? undefined;
  if (url && !/^https?:\/\/[^/@]+(\/.*)?$/.test(url)) throw new BulkheadError('USAGE', `?url= must be an http(s) API base without credentials, e.g. https://github.example.com/api/v3 (got ${url})`);
  if (/token|pat|secret/i.test(query.replace(/token-env=[A-Za-z_][A-Za-z0-9_]*/, ''))) {
    throw new BulkheadError('USAGE', `a GitHub token never goes in the source (it would be stored in every snapshot); put it in an environment variable and name it with token-env`);
  }
  return { owner, ...(repo && { repo }), ...(url && { url }), forks: params.get('forks') === '1' || params.get('forks') === 'true', tokenEnv: params.get('token-env') ?? 'GITHUB_TOKEN' };
}

/**
 * A locator read from a snapshot, for a verb that sends the operator's token to it: its API base
 * must be one this machine trusts, and (with `readsToken`) its token-env a GitHub token's name
 * (forge/trusted-urls.ts).
 */
export function snapshotGithubLocator(locator: string, readsToken: boolean): GithubLocator {
  const loc = parseGithubLocator(locator);
  if (loc.url) requireTrustedForge('GitHub', loc.url, 'https://api.github.com', process.env.GITHUB_API_URL);
  if (readsToken) requireForgeTokenName('GitHub', loc.tokenEnv);
  return loc;
}

export function apiBase(l: GithubLocator): string {
  return (l.url ?? process.env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/+$/, '');
}

/** The token from the environment, or a clear error saying which variable to set. */
export function tokenFrom(env: string, purpose: string): string {
  const token = process.env[env];
  if (!token) throw new BulkheadError('SOURCE_FAILED', `no GitHub token for ${purpose}: set ${env} to a read-only fine-grained token or a GitHub App installation token (see README, "GitHub source")`);
  return token;
}
