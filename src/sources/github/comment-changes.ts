import type { GithubChange } from './change-types.js';
import { postedAgain, reviewCommentPostedAgain } from './attribution.js';

type J = Record<string, unknown>;
const listed = (v: unknown): J[] => (Array.isArray(v) ? (v as J[]) : []);

/** `#3 comment 1234 by @alice`: which comment a change is about, readable and exact. */
export const commentTarget = (issue: J, what: 'comment' | 'review comment', c: J) => `#${String(issue.number)} ${what} ${String(c.id)} by @${String((c.user as J | undefined)?.login)}`;

/**
 * Comments and review comments an agent deleted from issues and pull requests that are still there
 * (a deleted issue is one change of its own). A comment counts as there when GitHub still has it,
 * or has it posted again by a restore (its attribution line and text): a review comment comes back
 * as a comment on the pull request's conversation, as no one can write one in another's name.
 */
export function compareComments(scope: string, path: string, before: unknown, after: unknown, out: GithubChange[]): void {
  if (!Array.isArray(before) || !Array.isArray(after)) return;
  const now = new Map((after as J[]).map((i) => [i.number, i]));
  const note = 'posted again by the restoring token, saying who wrote it and when, its mentions made inert (no one is notified)';
  for (const i of before as J[]) {
    const j = now.get(i.number);
    if (!j || !Array.isArray(i.comments_list) || !Array.isArray(j.comments_list)) continue;
    const live = listed(j.comments_list);
    const ids = new Set(live.map((c) => c.id));
    for (const c of listed(i.comments_list)) {
      if (!ids.has(c.id) && !live.some((x) => postedAgain(c, x))) out.push({ type: 'comment-deleted', scope, target: commentTarget(i, 'comment', c), path, restorable: true, note });
    }
    if (!Array.isArray(i.review_comments_list) || !Array.isArray(j.review_comments_list)) continue;
    const reviewIds = new Set(listed(j.review_comments_list).map((c) => c.id));
    for (const k of listed(i.review_comments_list)) {
      if (!reviewIds.has(k.id) && !live.some((x) => reviewCommentPostedAgain(k, x))) out.push({ type: 'review-comment-deleted', scope, target: commentTarget(i, 'review comment', k), path, restorable: true, note: `${note}, as a comment on the conversation (no one can write a review comment in another's name)` });
    }
  }
}
