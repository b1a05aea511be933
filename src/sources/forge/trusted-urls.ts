import { BulkheadError } from '../../util/errors.js';

/** Where the operator lists the forge addresses (API bases, instances) beyond the public ones it sends tokens to. */
export const TRUSTED_FORGES_ENV = 'BULKHEAD_TRUSTED_FORGES';

const norm = (url: string) => url.replace(/\/+$/, '').toLowerCase();

/**
 * On the operator's side a forge source's locator comes from a snapshot, which any enrolled agent
 * signs: a hijacked one could name its own server (`?url=https://evil.example`) so that a live diff
 * or a restore sends the operator's token there. The operator's token goes only to the public
 * forge, to the address this machine configured for that forge (GITHUB_API_URL, GITLAB_URL), or
 * to one listed in BULKHEAD_TRUSTED_FORGES (comma-separated). The agent's own locators come from
 * its command line and need no such check.
 */
export function requireTrustedForge(forge: 'GitHub' | 'GitLab', url: string, publicUrl: string, configured: string | undefined): void {
  const trusted = [publicUrl, configured, ...(process.env[TRUSTED_FORGES_ENV] ?? '').split(',')].filter((u): u is string => !!u && u.trim() !== '').map((u) => norm(u.trim()));
  if (trusted.includes(norm(url))) return;
  throw new BulkheadError(
    'UNTRUSTED_SOURCE',
    `the snapshot names the ${forge} address ${url}, which this machine does not trust with a token (a hijacked agent can name its own server); if it is yours, add it to ${TRUSTED_FORGES_ENV} (comma-separated) and run this again`,
  );
}

/**
 * The same for the token's name: a locator's token-env picks which environment variable is read,
 * so a forged one could name BULKHEAD_PASSPHRASE or AWS_SECRET_ACCESS_KEY. Only a name that says it
 * holds a token for that forge is read.
 */
export function requireForgeTokenName(forge: 'GitHub' | 'GitLab', name: string): void {
  const prefix = forge === 'GitHub' ? '(GITHUB|GH)' : '(GITLAB|GL)';
  if (new RegExp(`^${prefix}(_[A-Z0-9]+)*_TOKEN$`).test(name)) return;
  throw new BulkheadError('UNTRUSTED_SOURCE', `the snapshot asks for the token in ${name}; only a variable named like ${forge === 'GitHub' ? 'GITHUB_TOKEN or GITHUB_…_TOKEN' : 'GITLAB_TOKEN or GITLAB_…_TOKEN'} is read on this machine (another could hold another secret)`);
}
