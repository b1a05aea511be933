import { list, noContent, notFound, now, ok, repoOf, unprocessable, type Ctx, type Routes } from './http.js';
import type { Variable } from './state.js';
import { repository } from './render.js';

/** Actions: variables (values), secrets (names and dates only, as on GitHub); permissions are routes-actions-permissions.ts. */
const account = (c: Ctx) => c.world.accounts.get(c.params.org!.toLowerCase());

function createVariable(c: Ctx) {
  const r = repoOf(c);
  if (!r) return notFound();
  const b = c.body as { name: string; value: string };
  if (r.variables.some((v) => v.name === b.name.toUpperCase())) return { status: 409, body: { message: 'Already exists', documentation_url: 'https://docs.github.com/rest' } };
  r.variables.push({ name: b.name.toUpperCase(), value: b.value, created_at: now(), updated_at: now() });
  return ok({}, 201);
}

function variable(c: Ctx): { list?: Variable[]; v?: Variable } {
  const r = repoOf(c);
  return { list: r?.variables, v: r?.variables.find((v) => v.name === c.params.name!.toUpperCase()) };
}

export const actionsRoutes: Routes = {
  'GET /repos/{owner}/{repo}/actions/variables': (c) => {
    const r = repoOf(c);
    return r ? list(r.variables, 'variables') : notFound();
  },
  'POST /repos/{owner}/{repo}/actions/variables': createVariable,
  'GET /repos/{owner}/{repo}/actions/variables/{name}': (c) => {
    const { v } = variable(c);
    return v ? ok(v) : notFound();
  },
  'PATCH /repos/{owner}/{repo}/actions/variables/{name}': (c) => {
    const { v } = variable(c);
    if (!v) return notFound();
    const b = c.body as { value?: string };
    if (b.value !== undefined) v.value = b.value;
    v.updated_at = now();
    return noContent();
  },
  'DELETE /repos/{owner}/{repo}/actions/variables/{name}': (c) => {
    const { list: all, v } = variable(c);
    if (!all || !v) return notFound();
    all.splice(all.indexOf(v), 1);
    return noContent();
  },
  'GET /repos/{owner}/{repo}/actions/secrets': (c) => {
    const r = repoOf(c);
    return r ? list(r.secrets, 'secrets') : notFound();
  },
  'DELETE /repos/{owner}/{repo}/actions/secrets/{secret_name}': (c) => {
    const r = repoOf(c);
    const i = r ? r.secrets.findIndex((s) => s.name === c.params.secret_name) : -1;
    if (!r || i < 0) return notFound();
    r.secrets.splice(i, 1);
    return noContent();
  },
  'GET /orgs/{org}/actions/variables': (c) => {
    const a = account(c);
    return a ? list(a.variables.map((v) => ({ ...v, ...(v.visibility === 'selected' && { selected_repositories_url: `${c.base}/orgs/${a.login}/actions/variables/${v.name}/repositories` }) })), 'variables') : notFound();
  },
  'POST /orgs/{org}/actions/variables': (c) => {
    const a = account(c);
    if (!a) return notFound();
    const b = c.body as { name: string; value: string; visibility: 'all' | 'private' | 'selected'; selected_repository_ids?: number[] };
    if (a.variables.some((v) => v.name === b.name.toUpperCase())) return unprocessable('Variable already exists');
    if (b.selected_repository_ids && b.visibility !== 'selected') return unprocessable('selected_repository_ids can only be given when visibility is selected');
    a.variables.push({ name: b.name.toUpperCase(), value: b.value, visibility: b.visibility, ...(b.visibility === 'selected' && { selected: b.selected_repository_ids ?? [] }), created_at: now(), updated_at: now() });
    return ok({}, 201);
  },
  'PATCH /orgs/{org}/actions/variables/{name}': (c) => {
    const a = account(c);
    const v = a?.variables.find((x) => x.name === c.params.name!.toUpperCase());
    if (!a || !v) return notFound();
    const b = c.body as { value?: string; visibility?: 'all' | 'private' | 'selected'; selected_repository_ids?: number[] };
    Object.assign(v, { ...(b.value !== undefined && { value: b.value }), ...(b.visibility && { visibility: b.visibility }), ...(b.selected_repository_ids && { selected: b.selected_repository_ids }), updated_at: now() });
    return noContent();
  },
  'DELETE /orgs/{org}/actions/variables/{name}': (c) => {
    const a = account(c);
    const i = a ? a.variables.findIndex((v) => v.name === c.params.name) : -1;
    if (!a || i < 0) return notFound();
    a.variables.splice(i, 1);
    return noContent();
  },
  // A deleted repository drops out of every selection, as on GitHub; 409 when the variable is not visible to selected repositories.
  'GET /orgs/{org}/actions/variables/{name}/repositories': (c) => {
    const a = account(c);
    const v = a?.variables.find((x) => x.name === c.params.name!.toUpperCase());
    if (!a || !v) return notFound();
    if (v.visibility !== 'selected') return { status: 409 };
    return list(c.world.reposOf(a.login).filter((r) => v.selected?.includes(r.id)).map((r) => repository(c, r, 'minimal-repository')), 'repositories');
  },
  'PUT /orgs/{org}/actions/variables/{name}/repositories': (c) => {
    const v = account(c)?.variables.find((x) => x.name === c.params.name!.toUpperCase());
    if (!v) return notFound();
    if (v.visibility !== 'selected') return { status: 409 };
    v.selected = (c.body as { selected_repository_ids: number[] }).selected_repository_ids;
    return noContent();
  },
  'GET /orgs/{org}/actions/secrets': (c) => {
    const a = account(c);
    return a ? list(a.secrets.map((s) => ({ ...s, ...(s.visibility === 'selected' && { selected_repositories_url: `${c.base}/orgs/${a.login}/actions/secrets/${s.name}/repositories` }) })), 'secrets') : notFound();
  },
};
