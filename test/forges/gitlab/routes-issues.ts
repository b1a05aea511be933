import { created, list, notFound, ok, q, type Ctx, type Reply, type Route } from './http.js';
import { removeWhere, withProject } from './lookup.js';
import { Issue, Label, MergeRequest, Milestone, Note, Release } from './schemas.js';
import { editMilestone } from './routes-edits.js';
import { issueBody, issueEditBody, labelBody, milestoneBody, milestoneEditBody, noteBody, releaseBody } from './bodies.js';
import type { Issue as I, Project } from './state.js';

const writer = (c: Ctx) => c.world.users[0]!.id;
const withIssue = (c: Ctx, kind: 'issues' | 'merge_requests', fn: (p: Project, i: I) => Reply) =>
  withProject(c, (p) => {
    const i = (kind === 'issues' ? p.issues : p.mergeRequests).find((x) => x.iid === Number(c.params.iid));
    return i ? fn(p, i) : notFound(kind === 'issues' ? 'Issue Not Found' : 'Merge Request Not Found');
  });

/** Labels, milestones, releases, issues and merge requests with their notes. */
export const issueRoutes: Route[] = [
  { method: 'GET', template: '/projects/:id/labels', list: true, query: { include_ancestor_groups: q.bool, with_counts: q.bool }, response: Label, handler: (c) => withProject(c, (p) => list(p.labels.map((l) => c.r.label(l, true)))) },
  { method: 'POST', template: '/projects/:id/labels', body: labelBody, response: Label, handler: (c) => withProject(c, (p) => { const l = { id: c.world.id(), name: String(c.body.name), color: String(c.body.color), description: (c.body.description as string | undefined) ?? null }; p.labels.push(l); return created(c.r.label(l, true)); }) },
  { method: 'DELETE', template: '/projects/:id/labels/:label_id', handler: (c) => withProject(c, (p) => removeWhere(p.labels, (l) => String(l.id) === c.params.label_id || l.name === c.params.label_id, 'Label Not Found')) },
  { method: 'GET', template: '/projects/:id/milestones', list: true, response: Milestone, handler: (c) => withProject(c, (p) => list(p.milestones.map((m) => c.r.milestone(m, { project_id: p.id })))) },
  {
    method: 'POST', template: '/projects/:id/milestones', body: milestoneBody, response: Milestone,
    handler: (c) => withProject(c, (p) => {
      const m = { id: c.world.id(), iid: p.milestones.length + 1, title: String(c.body.title), description: String(c.body.description ?? ''), state: 'active' as const, due_date: (c.body.due_date as string | undefined) ?? null };
      p.milestones.push(m);
      return created(c.r.milestone(m, { project_id: p.id }));
    }),
  },
  {
    method: 'PUT', template: '/projects/:id/milestones/:milestone_id', body: milestoneEditBody, response: Milestone,
    handler: (c) => withProject(c, (p) => {
      const m = p.milestones.find((x) => x.id === Number(c.params.milestone_id));
      if (!m) return notFound('Milestone Not Found');
      editMilestone(m, c.body);
      return ok(c.r.milestone(m, { project_id: p.id }));
    }),
  },
  { method: 'GET', template: '/projects/:id/releases', list: true, response: Release, handler: (c) => withProject(c, (p) => list(p.releases.map((r) => c.r.release(p, r)))) },
  { method: 'POST', template: '/projects/:id/releases', body: releaseBody, response: Release, handler: (c) => withProject(c, (p) => { const r = { tag_name: String(c.body.tag_name), name: String(c.body.name ?? c.body.tag_name), description: String(c.body.description ?? ''), created_at: c.world.time, author_id: writer(c) }; p.releases.push(r); return created(c.r.release(p, r)); }) },
  { method: 'DELETE', template: '/projects/:id/releases/:tag_name', response: Release, handler: (c) => withProject(c, (p) => { const r = p.releases.find((x) => x.tag_name === c.params.tag_name); if (!r) return notFound(); p.releases.splice(p.releases.indexOf(r), 1); return ok(c.r.release(p, r)); }) },
  { method: 'GET', template: '/projects/:id/issues', list: true, query: { state: q.str, scope: q.str }, response: Issue, handler: (c) => withProject(c, (p) => list(p.issues.map((i) => c.r.issue(p, i)))) },
  {
    method: 'POST', template: '/projects/:id/issues', body: issueBody, response: Issue,
    handler: (c) => withProject(c, (p) => {
      const i: I = { id: c.world.id(), iid: Math.max(0, ...p.issues.map((x) => x.iid)) + 1, title: String(c.body.title), description: String(c.body.description ?? ''), state: 'opened', author_id: writer(c), labels: String(c.body.labels ?? '').split(',').filter(Boolean), created_at: c.world.time, notes: [] };
      p.issues.push(i);
      return created(c.r.issue(p, i));
    }),
  },
  { method: 'PUT', template: '/projects/:id/issues/:iid', body: issueEditBody, response: Issue, handler: (c) => withIssue(c, 'issues', (p, i) => { if (c.body.state_event) i.state = c.body.state_event === 'close' ? 'closed' : 'opened'; return ok(c.r.issue(p, i)); }) },
  { method: 'DELETE', template: '/projects/:id/issues/:iid', handler: (c) => withProject(c, (p) => removeWhere(p.issues, (i) => i.iid === Number(c.params.iid), 'Issue Not Found')) },
  { method: 'GET', template: '/projects/:id/issues/:iid/notes', list: true, query: { sort: q.str, order_by: q.str }, response: Note, handler: (c) => withIssue(c, 'issues', (p, i) => list(i.notes.map((n) => c.r.note(p, i, n, 'Issue')))) },
  { method: 'POST', template: '/projects/:id/issues/:iid/notes', body: noteBody, response: Note, handler: (c) => withIssue(c, 'issues', (p, i) => { const n = { id: c.world.id(), body: String(c.body.body), author_id: writer(c), created_at: c.world.time, system: false }; i.notes.push(n); return created(c.r.note(p, i, n, 'Issue')); }) },
  { method: 'GET', template: '/projects/:id/merge_requests', list: true, query: { state: q.str, scope: q.str }, response: MergeRequest, handler: (c) => withProject(c, (p) => list(p.mergeRequests.map((m) => c.r.mergeRequest(p, m)))) },
  { method: 'GET', template: '/projects/:id/merge_requests/:iid/notes', list: true, query: { sort: q.str, order_by: q.str }, response: Note, handler: (c) => withIssue(c, 'merge_requests', (p, i) => list(i.notes.map((n) => c.r.note(p, i, n, 'MergeRequest')))) },
];
