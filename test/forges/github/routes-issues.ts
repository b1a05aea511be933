import { list, noContent, notFound, now, ok, repoOf, type Ctx, type Routes } from './http.js';
import { shape } from './shape.js';
import { user } from './render.js';
import type { Issue, Repo } from './state.js';

/** Labels, milestones, issues and pull requests with their comments. */
const repoUrl = (c: Ctx, r: Repo) => `${c.base}/repos/${r.owner}/${r.name}`;

function label(c: Ctx, r: Repo, l: Repo['labels'][number]) {
  return shape('label', { ...l, node_id: `LA_${l.id}`, url: `${repoUrl(c, r)}/labels/${encodeURIComponent(l.name)}`, default: false });
}

function milestone(c: Ctx, r: Repo, m: Repo['milestones'][number]) {
  const url = `${repoUrl(c, r)}/milestones/${m.number}`;
  return shape('milestone', { ...m, node_id: `MI_${m.id}`, url, html_url: url, labels_url: `${url}/labels`, creator: user(c, r.owner), open_issues: 0, closed_issues: 0, created_at: c.world.time, updated_at: c.world.time, closed_at: null });
}

function issue(c: Ctx, r: Repo, i: Issue) {
  const url = `${repoUrl(c, r)}/issues/${i.number}`;
  const m = r.milestones.find((x) => x.number === i.milestone);
  return shape('issue', {
    id: i.id,
    node_id: `I_${i.id}`,
    number: i.number,
    title: i.title,
    body: i.body,
    state: i.state,
    user: user(c, i.user),
    labels: r.labels.filter((l) => i.labels.includes(l.name)).map((l) => label(c, r, l)),
    milestone: m ? milestone(c, r, m) : null,
    assignee: null,
    assignees: [],
    comments: i.comments.length,
    url,
    repository_url: repoUrl(c, r),
    labels_url: `${url}/labels{/name}`,
    comments_url: `${url}/comments`,
    events_url: `${url}/events`,
    html_url: `${c.base}/${r.owner}/${r.name}/${i.pull ? 'pull' : 'issues'}/${i.number}`,
    created_at: i.created_at,
    updated_at: i.created_at,
    closed_at: null,
    author_association: 'MEMBER',
    locked: false,
    state_reason: i.state === 'closed' ? 'completed' : null,
    ...(i.pull && { pull_request: { url: `${repoUrl(c, r)}/pulls/${i.number}`, html_url: `${c.base}/${r.owner}/${r.name}/pull/${i.number}`, diff_url: null, patch_url: null } }),
  });
}

function comment(c: Ctx, r: Repo, i: Issue, k: Issue['comments'][number]) {
  const url = `${repoUrl(c, r)}/issues/comments/${k.id}`;
  return shape('issue-comment', { id: k.id, node_id: `IC_${k.id}`, body: k.body, user: user(c, k.user), url, html_url: url, issue_url: `${repoUrl(c, r)}/issues/${i.number}`, created_at: k.created_at, updated_at: k.created_at, author_association: 'MEMBER' });
}

function createIssue(c: Ctx) {
  const r = repoOf(c);
  if (!r) return notFound();
  const b = c.body as { title: string; body?: string; labels?: string[]; milestone?: number };
  const i: Issue = { id: c.world.id(), number: Math.max(0, ...r.issues.map((x) => x.number)) + 1, title: b.title, body: b.body ?? '', state: 'open', user: 'restorer', labels: b.labels ?? [], ...(b.milestone && { milestone: b.milestone }), created_at: now(), comments: [] };
  r.issues.push(i);
  return ok(issue(c, r, i), 201);
}

export const issueRoutes: Routes = {
  'GET /repos/{owner}/{repo}/labels': (c) => {
    const r = repoOf(c);
    return r ? list(r.labels.map((l) => label(c, r, l))) : notFound();
  },
  'POST /repos/{owner}/{repo}/labels': (c) => {
    const r = repoOf(c);
    if (!r) return notFound();
    const b = c.body as { name: string; color?: string; description?: string };
    const l = { id: c.world.id(), name: b.name, color: b.color ?? 'ededed', description: b.description ?? '' };
    r.labels.push(l);
    return ok(label(c, r, l), 201);
  },
  'GET /repos/{owner}/{repo}/milestones': (c) => {
    const r = repoOf(c);
    const state = c.query.get('state') ?? 'open';
    return r ? list(r.milestones.filter((m) => state === 'all' || m.state === state).map((m) => milestone(c, r, m))) : notFound();
  },
  'POST /repos/{owner}/{repo}/milestones': (c) => {
    const r = repoOf(c);
    if (!r) return notFound();
    const b = c.body as { title: string; state?: 'open' | 'closed'; description?: string; due_on?: string };
    const m = { id: c.world.id(), number: Math.max(0, ...r.milestones.map((x) => x.number)) + 1, title: b.title, description: b.description ?? '', state: b.state ?? 'open', due_on: b.due_on ?? null };
    r.milestones.push(m);
    return ok(milestone(c, r, m), 201);
  },
  'GET /repos/{owner}/{repo}/issues': (c) => {
    const r = repoOf(c);
    const state = c.query.get('state') ?? 'open';
    return r ? list(r.issues.filter((i) => state === 'all' || i.state === state).map((i) => issue(c, r, i))) : notFound();
  },
  'POST /repos/{owner}/{repo}/issues': createIssue,
  'GET /repos/{owner}/{repo}/issues/comments': (c) => {
    const r = repoOf(c);
    return r ? list(r.issues.flatMap((i) => i.comments.map((k) => comment(c, r, i, k)))) : notFound();
  },
  'POST /repos/{owner}/{repo}/issues/{issue_number}/comments': (c) => {
    const r = repoOf(c);
    const i = r?.issues.find((x) => String(x.number) === c.params.issue_number);
    if (!r || !i) return notFound();
    const k = { id: c.world.id(), body: (c.body as { body: string }).body, user: 'restorer', created_at: now() };
    i.comments.push(k);
    return ok(comment(c, r, i, k), 201);
  },
  'DELETE /repos/{owner}/{repo}/issues/comments/{comment_id}': (c) => {
    const i = repoOf(c)?.issues.find((x) => x.comments.some((k) => String(k.id) === c.params.comment_id));
    if (!i) return notFound();
    i.comments = i.comments.filter((k) => String(k.id) !== c.params.comment_id);
    return noContent();
  },
  'PATCH /repos/{owner}/{repo}/issues/{issue_number}': (c) => {
    const r = repoOf(c);
    const i = r?.issues.find((x) => String(x.number) === c.params.issue_number);
    if (!r || !i) return notFound();
    const b = c.body as { state?: 'open' | 'closed' };
    if (b.state) i.state = b.state;
    return ok(issue(c, r, i));
  },
  'PATCH /repos/{owner}/{repo}/labels/{name}': (c) => {
    const r = repoOf(c);
    const l = r?.labels.find((x) => x.name === c.params.name);
    if (!r || !l) return notFound();
    const b = c.body as { new_name?: string; color?: string; description?: string };
    Object.assign(l, { ...(b.new_name && { name: b.new_name }), ...(b.color && { color: b.color }), ...(b.description !== undefined && { description: b.description }) });
    return ok(label(c, r, l));
  },
  'PATCH /repos/{owner}/{repo}/milestones/{milestone_number}': (c) => {
    const r = repoOf(c);
    const m = r?.milestones.find((x) => String(x.number) === c.params.milestone_number);
    if (!r || !m) return notFound();
    const b = c.body as { title?: string; state?: 'open' | 'closed'; description?: string; due_on?: string };
    Object.assign(m, { ...(b.title && { title: b.title }), ...(b.state && { state: b.state }), ...(b.description !== undefined && { description: b.description }), ...(b.due_on !== undefined && { due_on: b.due_on }) });
    return ok(milestone(c, r, m));
  },
  'DELETE /repos/{owner}/{repo}/labels/{name}': (c) => {
    const r = repoOf(c);
    const i = r ? r.labels.findIndex((l) => l.name === c.params.name) : -1;
    if (!r || i < 0) return notFound();
    r.labels.splice(i, 1);
    return noContent();
  },
};
