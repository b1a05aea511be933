import { BulkheadError } from '../../util/errors.js';
import { requireForgeTokenName, requireTrustedForge } from '../forge/trusted-urls.js';

/**
 * `gitlab:GROUP[/SUBGROUP…][/PROJECT][?url=BASE][&token-env=NAME]`: a group (with its subgroups) or
 * one project, by its full path; which of the two it is, GitLab says at backup time. The token is
 * never part of the locator (which every snapshot records): it is read from the environment
 * variable named by token-env, GITLAB_TOKEN by default. The instance defaults to GITLAB_URL, else
 * https://gitlab.com.
 */
export interface GitlabLocator {
  /** The group's or project's full path, e.g. `acme` or `acme/platform/api`. */
  path: string;
  /** Explicit instance URL from the locator (self-managed), if any. */
  url?: string;
  tokenEnv: string;
}

// GitLab paths: letters, digits, '_', '-', '.'; not starting with '-' or '.'.
const SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

export function parseGitlabLocator(locator: string): GitlabLocator {
  const [path = '', query = ''] = locator.split('?', 2);
  const segments = path.replace(/\/+$/, '').split('/');
  if (segments.some((s) => !SEGMENT.test(s) || s.endsWith('.git'))) {
    throw new BulkheadError('USAGE', `"gitlab:${locator}" is not a GitLab source; write gitlab:GROUP or gitlab:GROUP/PROJECT (optionally ?url=https://gitlab.example.com&token-env=VAR)`);
  }
  const params = new URLSearchParams(query);
  for (const k of params.keys()) {
    if (!['url', 'token-env'].includes(k)) throw new BulkheadError('USAGE', `unknown option "${k}" in gitlab:${locator}; known: url, token-env`);
  }
  const url = params.get('url') ?? undefined;
  if (url && !/^https?:\/\/[^/@]+(\/.*)?$/.test(url)) throw new BulkheadError('USAGE', `?url= must be the instance's http(s) address without credentials, e.g. https://gitlab.example.com (got ${url})`);
  const tokenEnv = params.get('token-env') ?? 'GITLAB_TOKEN';
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(tokenEnv)) throw new BulkheadError('USAGE', `token-env must name an environment variable (got ${tokenEnv})`);
  if (/token|pat|secret|glpat/i.test(query.replace(/token-env=[A-Za-z_][A-Za-z0-9_]*/, ''))) {
    throw new BulkheadError('USAGE', 'a GitLab token never goes in the source (it would be stored in every snapshot); put it in an environment variable and name it with token-env');
  }
  return { path: segments.join('/'), ...(url && { url }), tokenEnv };
}

/**
 * A locator read from a snapshot, for a verb that sends the operator's token to it: its instance
 * must be one this machine trusts, and (with `readsToken`) its token-env a GitLab token's name
 * (forge/trusted-urls.ts).
 */
export function snapshotGitlabLocator(locator: string, readsToken: boolean): GitlabLocator {
  const loc = parseGitlabLocator(locator);
  if (loc.url) requireTrustedForge('GitLab', loc.url, 'https://gitlab.com', process.env.GITLAB_URL);
  if (readsToken) requireForgeTokenName('GitLab', loc.tokenEnv);
  return loc;
}

/** The instance's base URL (gitbeaker adds /api/v4). */
export function instanceUrl(l: GitlabLocator): string {
  return (l.url ?? process.env.GITLAB_URL ?? 'https://gitlab.com').replace(/\/+$/, '');
}

/** The token from the environment, or a clear error saying which variable to set. */
export function tokenFrom(env: string, purpose: string): string {
  const token = process.env[env];
  if (!token) throw new BulkheadError('SOURCE_FAILED', `no GitLab token for ${purpose}: set ${env} to a token with the read_api scope (see README, "GitLab source")`);
  return token;
}
