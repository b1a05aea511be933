import type { GithubClient } from './client.js';
import { originally as by, reviewCommentText, reviewText } from './attribution.js';

type J = Record<string, unknown>;
type P = { owner: string; repo: string };

/**
 * Issues and pull requests of a recreated repository, in their number order (so numbers come back
 * as they were when none is missing), each saying who wrote it and when. A pull request is opened
 * again from its head and base branches (pushed back with the git data) with its comments, then its
 * reviews and review comments as comments (GitHub lets no one submit a review in another's name);
 * one whose branch is gone, or that was merged, cannot be reopened and is said so.
 */
export async function restoreIssues(octokit: GithubClient, issues: J[], p: P, milestones: Map<number, number>): Promise<string[]> {
  const notes: string[] = [];
  for (const i of [...issues].sort((a, b) => Number(a.number) - Number(b.number))) {
    const made = i.pull_request ? await openPull(octokit, p, i, notes) : await openIssue(octokit, p, i, milestones);
    if (made === undefined) continue;
    const comments = [...((i.comments_list as J[] | undefined) ?? []).map((c) => `${by(c)}${String(c.body ?? '')}`)];
    if (i.pull_request) {
      comments.push(...listed(i.reviews_list).filter((r) => r.state !== 'PENDING').map(reviewText));
      comments.push(...listed(i.review_comments_list).map(reviewCommentText));
    }
    for (const body of comments) await octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { ...p, issue_number: made, body });
    if (i.state === 'closed') await octokit.request('PATCH /repos/{owner}/{repo}/issues/{issue_number}', { ...p, issue_number: made, state: 'closed' });
  }
  return notes;
}

const listed = (v: unknown): J[] => (Array.isArray(v) ? (v as J[]) : []);

async function openIssue(octokit: GithubClient, p: P, i: J, milestones: Map<number, number>): Promise<number> {
  const milestone = (i.milestone as J | null)?.number;
  const made = await octokit.request('POST /repos/{owner}/{repo}/issues', {
    ...p,
    title: String(i.title),
    body: `${by(i)}${String(i.body ?? '')}`,
    labels: ((i.labels as { name: string }[] | undefined) ?? []).map((l) => l.name),
    ...(milestone !== undefined && milestones.has(Number(milestone)) ? { milestone: milestones.get(Number(milestone)) } : {}),
  });
  return made.data.number;
}

async function openPull(octokit: GithubClient, p: P, i: J, notes: string[]): Promise<number | undefined> {
  const sides = i.pull as { head?: string; base?: string; merged_at?: string | null } | null | undefined;
  const what = `pull request #${String(i.number)} of ${p.owner}/${p.repo}`;
  if (!sides?.head || !sides.base) return void notes.push(`${what}: its branches are not in the snapshot's documents; its discussion is in issues.json`);
  if (sides.merged_at) return void notes.push(`${what} was merged (${sides.merged_at}); a merged pull request cannot be made again; its discussion is in issues.json`);
  try {
    const made = await octokit.request('POST /repos/{owner}/{repo}/pulls', { ...p, title: String(i.title), head: sides.head, base: sides.base, body: `${by(i)}${String(i.body ?? '')}` });
    return made.data.number;
  } catch (e) {
    if ((e as { status?: number }).status !== 422) throw e;
    notes.push(`${what}: GitHub refused to open it again from ${sides.head} into ${sides.base} (a branch is gone, or nothing differs); its discussion is in issues.json`);
    return undefined;
  }
}
