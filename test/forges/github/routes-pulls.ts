import { list, noContent, notFound, now, ok, repoOf, unprocessable, type Ctx, type Routes } from './http.js';
import { shape } from './shape.js';
import { repository, user } from './render.js';
import { branches } from './routes-repos.js';
import type { Issue, Repo } from './state.js';

/**
 * Pull requests (issues with a head and a base, numbered with the issues), their reviews and their
 * review comments. Reviews and review comments are seeded: no route here writes them (an agent may
 * delete a review comment).
 */
const repoUrl = (c: Ctx, r: Repo) => `${c.base}/repos/${r.owner}/${r.name}`;

function side(c: Ctx, r: Repo, ref: string) {
  const sha = branches(r).find((b) => b.name === ref)?.sha ?? '0'.repeat(40);
  return { label: `${r.owner}:${ref}`, ref, sha, repo: repository(c, r, 'repository'), user: user(c, r.owner) };
}

function pull(c: Ctx, r: Repo, i: Issue, schema: 'pull-request-simple' | 'pull-request') {
  const url = `${repoUrl(c, r)}/pulls/${i.number}`;
  const html = `${c.base}/${r.owner}/${r.name}/pull/${i.number}`;
  const link = (href: string) => ({ href });
  return shape(schema, {
    id: i.id,
    node_id: `PR_${i.id}`,
    number: i.number,
    title: i.title,
    body: i.body,
    state: i.state,
    locked: false,
    user: user(c, i.user),
    labels: [],
    milestone: null,
    assignee: null,
    head: side(c, r, i.pull!.head),
    base: side(c, r, i.pull!.base),
    url,
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: `${repoUrl(c, r)}/issues/${i.number}`,
    commits_url: `${url}/commits`,
    review_comments_url: `${url}/comments`,
    review_comment_url: `${repoUrl(c, r)}/pulls/comments{/number}`,
    comments_url: `${repoUrl(c, r)}/issues/${i.number}/comments`,
    statuses_url: `${repoUrl(c, r)}/statuses/${side(c, r, i.pull!.head).sha}`,
    created_at: i.created_at,
    updated_at: i.created_at,
    closed_at: i.pull!.merged_at ?? null,
    merged_at: i.pull!.merged_at ?? null,
    merge_commit_sha: i.pull!.merge_commit_sha ?? null,
    author_association: 'MEMBER',
    auto_merge: null,
    _links: { self: link(url), html: link(html), issue: link(`${repoUrl(c, r)}/issues/${i.number}`), comments: link(`${repoUrl(c, r)}/issues/${i.number}/comments`), review_comments: link(`${url}/comments`), review_comment: link(`${repoUrl(c, r)}/pulls/comments{/number}`), commits: link(`${url}/commits`), statuses: link(`${repoUrl(c, r)}/statuses/x`) },
    ...(schema === 'pull-request' && { merged: !!i.pull!.merged_at, mergeable: null, mergeable_state: 'unknown', merged_by: null, comments: i.comments.length, review_comments: i.pull!.reviewComments?.length ?? 0, maintainer_can_modify: false, commits: 1, additions: 0, deletions: 0, changed_files: 0 }),
  });
}

function review(c: Ctx, r: Repo, i: Issue, v: NonNullable<NonNullable<Issue['pull']>['reviews']>[number]) {
  const html = `${c.base}/${r.owner}/${r.name}/pull/${i.number}#pullrequestreview-${v.id}`;
  return shape('pull-request-review', {
    id: v.id,
    node_id: `PRR_${v.id}`,
    user: user(c, v.user),
    body: v.body,
    state: v.state,
    commit_id: side(c, r, i.pull!.head).sha,
    html_url: html,
    pull_request_url: `${repoUrl(c, r)}/pulls/${i.number}`,
    submitted_at: v.submitted_at,
    author_association: 'MEMBER',
    _links: { html: { href: html }, pull_request: { href: `${repoUrl(c, r)}/pulls/${i.number}` } },
  });
}

function reviewComment(c: Ctx, r: Repo, i: Issue, k: NonNullable<NonNullable<Issue['pull']>['reviewComments']>[number]) {
  const url = `${repoUrl(c, r)}/pulls/comments/${k.id}`;
  const html = `${c.base}/${r.owner}/${r.name}/pull/${i.number}#discussion_r${k.id}`;
  const sha = side(c, r, i.pull!.head).sha;
  return shape('pull-request-review-comment', {
    url,
    id: k.id,
    node_id: `PRRC_${k.id}`,
    pull_request_review_id: k.review,
    diff_hunk: k.diff_hunk,
    path: k.path,
    line: k.line,
    side: 'RIGHT',
    commit_id: sha,
    original_commit_id: sha,
    user: user(c, k.user),
    body: k.body,
    created_at: k.created_at,
    updated_at: k.created_at,
    html_url: html,
    pull_request_url: `${repoUrl(c, r)}/pulls/${i.number}`,
    author_association: 'MEMBER',
    _links: { self: { href: url }, html: { href: html }, pull_request: { href: `${repoUrl(c, r)}/pulls/${i.number}` } },
  });
}

const pullOf = (c: Ctx, r: Repo | undefined) => r?.issues.find((x) => x.pull && String(x.number) === c.params.pull_number);

export const pullRoutes: Routes = {
  'GET /repos/{owner}/{repo}/pulls': (c) => {
    const r = repoOf(c);
    const state = c.query.get('state') ?? 'open';
    return r ? list(r.issues.filter((i) => i.pull && (state === 'all' || i.state === state)).map((i) => pull(c, r, i, 'pull-request-simple'))) : notFound();
  },
  'POST /repos/{owner}/{repo}/pulls': (c) => {
    const r = repoOf(c);
    if (!r) return notFound();
    const b = c.body as { title?: string; head: string; base: string; body?: string };
    const known = new Set(branches(r).map((x) => x.name));
    // GitHub answers 422 "Validation Failed" when a side's branch does not exist.
    if (!known.has(b.head) || !known.has(b.base)) return unprocessable(`Validation Failed: ${known.has(b.head) ? 'base' : 'head'} does not exist`);
    const i: Issue = { id: c.world.id(), number: Math.max(0, ...r.issues.map((x) => x.number)) + 1, title: b.title ?? b.head, body: b.body ?? '', state: 'open', user: 'restorer', labels: [], pull: { head: b.head, base: b.base }, created_at: now(), comments: [] };
    r.issues.push(i);
    return ok(pull(c, r, i, 'pull-request'), 201);
  },
  'GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews': (c) => {
    const r = repoOf(c);
    const i = pullOf(c, r);
    return r && i ? list((i.pull!.reviews ?? []).map((v) => review(c, r, i, v))) : notFound();
  },
  'GET /repos/{owner}/{repo}/pulls/comments': (c) => {
    const r = repoOf(c);
    return r ? list(r.issues.filter((i) => i.pull).flatMap((i) => (i.pull!.reviewComments ?? []).map((k) => reviewComment(c, r, i, k)))) : notFound();
  },
  'DELETE /repos/{owner}/{repo}/pulls/comments/{comment_id}': (c) => {
    const i = repoOf(c)?.issues.find((x) => x.pull?.reviewComments?.some((k) => String(k.id) === c.params.comment_id));
    if (!i) return notFound();
    i.pull!.reviewComments = i.pull!.reviewComments!.filter((k) => String(k.id) !== c.params.comment_id);
    return noContent();
  },
};
