/**
 * What a restoring token writes in place of what only the original author could: each recreated
 * issue, pull request and comment starts by saying who wrote it and when, and a review (which no one
 * can submit in another's name) becomes a comment saying who reviewed, the verdict and when. The
 * same lines let a read-back recognise a comment that was posted again.
 */
import { quietMentions } from '../forge/quiet-mentions.js';

type J = Record<string, unknown>;
const login = (x: J) => String((x.user as J | undefined)?.login);

export const originally = (x: J): string => `_Originally by @${login(x)} on ${String(x.created_at)}._\n\n`;

/** What a restore posts for a comment: who wrote it and when, then its text, mentions inert (forge/quiet-mentions.ts). */
export const commentText = (c: J): string => quietMentions(`${originally(c)}${String(c.body ?? '')}`);

const VERDICT: Record<string, string> = { APPROVED: 'approved', CHANGES_REQUESTED: 'requested changes', COMMENTED: 'commented', DISMISSED: 'review dismissed' };
export function reviewText(r: J): string {
  return quietMentions(`_Review by @${login(r)} on ${String(r.submitted_at)}: ${VERDICT[String(r.state)] ?? String(r.state).toLowerCase()}._${r.body ? `\n\n${String(r.body)}` : ''}`);
}

const reviewCommentHead = (k: J) => `_Review comment by @${login(k)} on ${String(k.created_at)} on ${String(k.path)}${k.line ? ` line ${String(k.line)}` : ''}:_`;
export function reviewCommentText(k: J): string {
  return quietMentions(`${reviewCommentHead(k)}\n\n\`\`\`diff\n${String(k.diff_hunk ?? '')}\n\`\`\`\n\n${String(k.body ?? '')}`);
}

/** Whether a live comment is `c` posted again by a restore (its attribution line, then its text), its mentions made inert or not (before round 7). */
export const postedAgain = (c: J, live: J): boolean => loud(String(live.body ?? '')) === loud(`${originally(c)}${String(c.body ?? '')}`);
export const reviewCommentPostedAgain = (k: J, live: J): boolean => loud(String(live.body ?? '')) === loud(reviewCommentText(k));
const loud = (text: string) => text.replaceAll('@\u200b', '@');
