import type { GithubClient } from './client.js';
import { commentText, originally as by, reviewCommentText, reviewText } from './attribution.js';
import { quietMentions } from '../forge/quiet-mentions.js';

type J = Record<string, unknown>;
type P = { owner: string; repo: string };

/**
 * Issues and pull requests of a recreated repository, in their number order (so numbers come back
 * as they were when none is missing), each saying who wrote it and when. A pull request is opened
 * again from its head and base branches (pushed back with the git data) with its comments, then its
 * reviews and review comments as comments (GitHub lets no one submit a review in another's name);
 * one whose branch is gone cannot be reopened and is said so. A merged one cannot be made again
 * (GitHub merges only what differs, and would merge it anew): it becomes a closed issue recording
 * the merge (sides, head commit, date) with the same discussion, under the same number.
 */
export async function restoreIssues(octokit: GithubClient, issues: J[], p: P, milestones: Map<number, number>): Promise<string[]> {
  const notes: string[] = [];
  for (const i of [...issues].sort((a, b) => Number(a.number) - Number(b.number))) {
    const merged = mergedSides(i);
    const made = merged ? await openIssue(octokit, p, i, milestones, mergeRecord(merged)) : i.pull_request ? await openPull(octokit, p, i, notes) : await openIssue(octokit, p, i, milestones);
    if (merged) notes.push(`pull request #${String(i.number)} of ${p.owner}/${p.repo} was merged (${merged.merged_at}); GitHub cannot open a merged pull request again: it is issue #${made} now, closed, recording the merge, with its comments and reviews`);
    if (made === undefined) continue;
    const comments = [...((i.comments_list as J[] | undefined) ?? []).map(commentText)];
    if (i.pull_request) {
      comments.push(...listed(i.reviews_list).filter((r) => r.state !== 'PENDING').map(reviewText));
      comments.push(...listed(i.review_comments_list).map(reviewCommentText));
    }
    for (const body of comments) await octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { ...p, issue_number: made, body });
    if (i.state === 'closed' || merged) await octokit.request('PATCH /repos/{owner}/{repo}/issues/{issue_number}', { ...p, issue_number: made, state: 'closed' });
  }
  return notes;
}

const listed = (v: unknown): J[] => (Array.isArray(v) ? (v as J[]) : []);

type Sides = { head?: string; head_sha?: string; base?: string; merged_at?: string | null };
const mergedSides = (i: J): (Sides & { merged_at: string }) | undefined => {
  const sides = i.pull_request ? (i.pull as Sides | null | undefined) : undefined;
  return sides?.merged_at ? (sides as Sides & { merged_at: string }) : undefined;
};
/** What a merged pull request's issue says first: a merge nobody can make again, where and when it was. */
const mergeRecord = (s: Sides & { merged_at: string }) =>
  `_Merged pull request: ${String(s.head)}${s.head_sha ? ` (${s.head_sha.slice(0, 12)})` : ''} into ${String(s.base)} on ${s.merged_at}. Recreated as an issue by a restore: GitHub cannot open a merged pull request again; its commits are in the repository's history._\n\n`;

async function openIssue(octokit: GithubClient, p: P, i: J, milestones: Map<number, number>, record = ''): Promise<number> {
  const milestone = (i.milestone as J | null)?.number;
  const made = await octokit.request('POST /repos/{owner}/{repo}/issues', {
    ...p,
    title: String(i.title),
    body: quietMentions(`${by(i)}${record}${String(i.body ?? '')}`),
    labels: ((i.labels as { name: string }[] | undefined) ?? []).map((l) => l.name),
    ...(milestone !== undefined && milestones.has(Number(milestone)) ? { milestone: milestones.get(Number(milestone)) } : {}),
  });
  return made.data.number;
}

async function openPull(octokit: GithubClient, p: P, i: J, notes: string[]): Promise<number | undefined> {
  const sides = i.pull as Sides | null | undefined;
  const what = `pull request #${String(i.number)} of ${p.owner}/${p.repo}`;
  if (!sides?.head || !sides.base) return void notes.push(`${what}: its branches are not in the snapshot's documents; its discussion is in issues.json`);
  try {
    const made = await octokit.request('POST /repos/{owner}/{repo}/pulls', { ...p, title: String(i.title), head: sides.head, base: sides.base, body: quietMentions(`${by(i)}${String(i.body ?? '')}`) });
    return made.data.number;
  } catch (e) {
    if ((e as { status?: number }).status !== 422) throw e;
    notes.push(`${what}: GitHub refused to open it again from ${sides.head} into ${sides.base} (a branch is gone, or nothing differs); its discussion is in issues.json`);
    return undefined;
  }
}
