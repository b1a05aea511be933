import type { GithubClient } from './client.js';
import { all, doc, Unavailable } from './fetch.js';
import type { EtagCache } from './etag-cache.js';

type J = Record<string, unknown>;
type P = { owner: string; repo: string };

/**
 * What a pull request holds beyond its issue entry, added to that entry in issues.json: its sides
 * (`pull`: head and base branch and commit, merged or not), its reviews (`reviews_list`: who, the
 * verdict, the text, when) and its review comments on lines of the diff (`review_comments_list`).
 * One request for the pull list and one for every review comment of the repository; one per pull
 * request for its reviews, unless the agent's cache has them for the pull request's current
 * updated_at (submitting a review updates it): a repository's thousands of closed pull requests
 * cost nothing once read.
 */
export async function withPullDetails(octokit: GithubClient, p: P, issues: (J & { number: number })[], cache?: EtagCache): Promise<J[]> {
  const prs = issues.filter((i) => i.pull_request);
  if (prs.length === 0) return issues;
  const pulls = await all<J & { number: number; head: J; base: J }>(octokit, 'GET /repos/{owner}/{repo}/pulls', { ...p, state: 'all' });
  const sides = new Map(pulls instanceof Unavailable ? [] : pulls.map((x) => [x.number, { head: x.head.ref, head_sha: x.head.sha, base: x.base.ref, merged_at: x.merged_at ?? null, draft: !!x.draft }]));
  const comments = await all<J & { pull_request_url: string }>(octokit, 'GET /repos/{owner}/{repo}/pulls/comments', p);
  const byPull = new Map<string, J[]>();
  if (!(comments instanceof Unavailable)) for (const c of comments) byPull.set(c.pull_request_url, [...(byPull.get(c.pull_request_url) ?? []), c]);
  const reviews = new Map<number, unknown>();
  for (const pr of prs) {
    const key = `reviews:${p.owner}/${p.repo}#${pr.number}@${String(pr.updated_at)}`;
    const known = cache?.get(key);
    if (known) {
      cache!.keep(key);
      reviews.set(pr.number, known.data);
      continue;
    }
    const got = await all(octokit, 'GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews', { ...p, pull_number: pr.number });
    if (cache && !(got instanceof Unavailable)) cache.set(key, { etag: '', data: got });
    reviews.set(pr.number, doc(got));
  }
  return issues.map((i) => {
    if (!i.pull_request) return i;
    const url = String((i.pull_request as J).url);
    return {
      ...i,
      pull: sides.get(i.number) ?? (pulls instanceof Unavailable ? doc(pulls) : null),
      reviews_list: reviews.get(i.number),
      review_comments_list: comments instanceof Unavailable ? doc(comments) : (byPull.get(url) ?? []),
    };
  });
}
