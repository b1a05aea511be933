import type { GithubClient } from './client.js';
import type { GithubLocator } from './locator.js';
import { discover, type Discovered } from './collect-account.js';
import { collectRepo } from './collect-repo.js';
import { pool } from '../forge/pool.js';
import type { EtagCache } from './etag-cache.js';

/** Every document of a GitHub source by its path in the source's tree (`OWNER/_org/…`, `OWNER/REPO/…`). */
export interface Collected {
  docs: Map<string, unknown>;
  repos: Discovered[];
  releases: Map<string, Record<string, unknown>[]>;
  /** Documents the token could not read (path). */
  unavailable: string[];
}

/** With the agent's cache, what it knows unchanged is not asked again (a pull request's reviews); without (a live read), everything is. */
export async function collectAll(octokit: GithubClient, loc: GithubLocator, cache?: EtagCache): Promise<Collected> {
  const found = await discover(octokit, loc);
  const docs = new Map<string, unknown>();
  for (const [file, v] of Object.entries(found.docs)) docs.set(`${loc.owner}/_org/${file}`, v);
  const releases = new Map<string, Record<string, unknown>[]>();
  const unavailable: string[] = [];
  await pool(found.repos, 4, async (r) => {
    const got = await collectRepo(octokit, loc.owner, r.name, cache);
    for (const [file, v] of Object.entries(got.docs)) {
      if (v && typeof v === 'object' && 'unavailable' in v) unavailable.push(`${r.name}/${file}`);
      docs.set(`${loc.owner}/${r.name}/${file}`, v);
    }
    releases.set(r.name, got.releases);
  });
  return { docs, repos: found.repos, releases, unavailable: unavailable.sort() };
}
