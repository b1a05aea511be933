import { z } from 'zod';
import { created, list, notFound, ok, q, type Ctx, type J, type Route } from './http.js';
import { removeWhere, withProject } from './lookup.js';
import { ProtectedBranch, ProtectedTag } from './schemas.js';
import type { Access } from './state.js';

/**
 * Protected branches and tags as GitLab Premium keeps them: each access list a set of roles, users
 * and groups (`allowed_to_push` and the like, GitLab's `ProtectedRefAccess`), and a protected
 * branch edited in place (`PATCH`, entries removed by id with `_destroy`). Grape reads a parameter
 * from the query or the JSON body alike; the route takes both.
 */
const allowed = z.array(z.object({ access_level: z.number().int().optional(), user_id: z.number().int().optional(), group_id: z.number().int().optional(), deploy_key_id: z.number().int().optional(), id: z.number().int().optional(), _destroy: z.boolean().optional() }).strict());
const branchBody = z.object({
  name: z.string(), push_access_level: z.number().int().optional(), merge_access_level: z.number().int().optional(), unprotect_access_level: z.number().int().optional(),
  allow_force_push: z.boolean().optional(), code_owner_approval_required: z.boolean().optional(), allowed_to_push: allowed.optional(), allowed_to_merge: allowed.optional(), allowed_to_unprotect: allowed.optional(),
});
const branchEditBody = branchBody.omit({ name: true, push_access_level: true, merge_access_level: true, unprotect_access_level: true }).extend({ name: z.string().optional() });
const tagBody = z.object({ name: z.string(), create_access_level: z.number().int().optional(), allowed_to_create: allowed.optional() });
const QUERY = { name: q.str, push_access_level: q.level, merge_access_level: q.level, unprotect_access_level: q.level, allow_force_push: q.bool, code_owner_approval_required: q.bool };

/** A parameter from the body, else the query (Grape's order), as JSON. */
const param = (c: Ctx, k: string): unknown => (c.body[k] !== undefined ? c.body[k] : c.query[k] === undefined ? undefined : k.endsWith('_level') ? Number(c.query[k]) : c.query[k] === 'true' ? true : c.query[k] === 'false' ? false : c.query[k]);

/** An entry as stored: a user's or group's carries Maintainer, as GitLab renders it. */
const stored = (a: J): Access => (a.user_id ? { access_level: 40, user_id: Number(a.user_id) } : a.group_id ? { access_level: 40, group_id: Number(a.group_id) } : { access_level: Number(a.access_level ?? 40) });

/**
 * GitLab's `AccessLevelParams`: the role of `X_access_level`, when given or when no list is, followed by
 * `allowed_to_X`'s entries.
 */
function levels(c: Ctx, level: string, list: string): Access[] {
  const extra = c.world.premium ? ((param(c, list) as J[] | undefined) ?? []).map(stored) : [];
  const role = param(c, level);
  return [...(role !== undefined || extra.length === 0 ? [{ access_level: Number(role ?? 40) }] : []), ...extra];
}

/** `_destroy` by the id render.ts gave the entry (its place in the list), then the entries added; GitLab Free ignores the lists. */
function edited(c: Ctx, now: Access[], changes: J[] | undefined): Access[] {
  if (!changes || !c.world.premium) return now;
  const gone = new Set(changes.filter((a) => a._destroy).map((a) => Number(a.id) - 1000));
  return [...now.filter((_, i) => !gone.has(i)), ...changes.filter((a) => !a._destroy).map(stored)];
}

export const protectedRoutes: Route[] = [
  { method: 'GET', template: '/projects/:id/protected_branches', list: true, query: { search: q.str }, response: ProtectedBranch, handler: (c) => withProject(c, (p) => list(p.protectedBranches.map((b) => c.r.protectedBranch(b)))) },
  {
    method: 'POST', template: '/projects/:id/protected_branches', query: QUERY, body: branchBody.partial(), response: ProtectedBranch,
    handler: (c) => withProject(c, (p) => {
      const name = String(param(c, 'name'));
      if (p.protectedBranches.some((b) => b.name === name)) return { status: 409, body: { message: 'Protected branch already exists' } };
      const b = { id: c.world.id(), name, push: levels(c, 'push_access_level', 'allowed_to_push'), merge: levels(c, 'merge_access_level', 'allowed_to_merge'), unprotect: levels(c, 'unprotect_access_level', 'allowed_to_unprotect'), allow_force_push: param(c, 'allow_force_push') === true, code_owner_approval_required: param(c, 'code_owner_approval_required') === true };
      p.protectedBranches.push(b);
      return created(c.r.protectedBranch(b));
    }),
  },
  {
    method: 'PATCH', template: '/projects/:id/protected_branches/:name', body: branchEditBody, response: ProtectedBranch,
    handler: (c) => withProject(c, (p) => {
      const b = p.protectedBranches.find((x) => x.name === c.params.name);
      if (!b) return notFound('404 Not found');
      const body = c.body as z.infer<typeof branchEditBody>;
      Object.assign(b, { push: edited(c, b.push, body.allowed_to_push), merge: edited(c, b.merge, body.allowed_to_merge), unprotect: edited(c, b.unprotect, body.allowed_to_unprotect) });
      if (body.allow_force_push !== undefined) b.allow_force_push = body.allow_force_push;
      if (body.code_owner_approval_required !== undefined) b.code_owner_approval_required = body.code_owner_approval_required;
      return ok(c.r.protectedBranch(b));
    }),
  },
  { method: 'DELETE', template: '/projects/:id/protected_branches/:name', handler: (c) => withProject(c, (p) => removeWhere(p.protectedBranches, (b) => b.name === c.params.name, 'Not Found')) },
  { method: 'GET', template: '/projects/:id/protected_tags', list: true, response: ProtectedTag, handler: (c) => withProject(c, (p) => list(p.protectedTags.map((t) => c.r.protectedTag(t)))) },
  {
    method: 'POST', template: '/projects/:id/protected_tags', query: { name: q.str, create_access_level: q.level }, body: tagBody.partial(), response: ProtectedTag,
    handler: (c) => withProject(c, (p) => {
      const name = String(param(c, 'name'));
      if (p.protectedTags.some((t) => t.name === name)) return { status: 409, body: { message: 'Protected tag already exists' } };
      const t = { name, create: levels(c, 'create_access_level', 'allowed_to_create') };
      p.protectedTags.push(t);
      return created(c.r.protectedTag(t));
    }),
  },
  { method: 'DELETE', template: '/projects/:id/protected_tags/:name', handler: (c) => withProject(c, (p) => removeWhere(p.protectedTags, (t) => t.name === c.params.name, 'Not Found')) },
];
