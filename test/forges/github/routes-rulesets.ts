import { list, noContent, notFound, ok, repoOf, type Ctx, type Reply, type Routes } from './http.js';
import { shape } from './shape.js';
import type { Json } from './state.js';

/**
 * Repository and organisation rulesets, stored as their create body (name, target, enforcement,
 * conditions, rules, bypass actors) with an id; the rules are kept as given (their semantics are
 * not emulated, only their schema).
 */
function ruleset(c: Ctx, r: Json, source: string, sourceType: 'Repository' | 'Organization') {
  return shape('repository-ruleset', {
    target: 'branch',
    bypass_actors: [],
    conditions: null,
    rules: [],
    ...r,
    source,
    source_type: sourceType,
    node_id: `RRS_${String(r.id)}`,
    created_at: c.world.time,
    updated_at: c.world.time,
    _links: { self: { href: `${c.base}/${sourceType === 'Repository' ? 'repos' : 'orgs'}/${source}/rulesets/${String(r.id)}` } },
  });
}

const summary = ({ rules: _r, conditions: _c, bypass_actors: _b, ...rest }: Json) => rest;

/** The ruleset list of the request's repository or organisation, and how to render one of it. */
function holder(c: Ctx): { sets: Json[]; render: (x: Json) => Json } | undefined {
  if (c.params.org) {
    const a = c.world.accounts.get(c.params.org.toLowerCase());
    return a && a.type === 'Organization' ? { sets: a.rulesets, render: (x) => ruleset(c, x, a.login, 'Organization') } : undefined;
  }
  const r = repoOf(c);
  return r ? { sets: r.rulesets, render: (x) => ruleset(c, x, `${r.owner}/${r.name}`, 'Repository') } : undefined;
}

const lists = (c: Ctx): Reply => {
  const h = holder(c);
  return h ? list(h.sets.map((x) => summary(h.render(x)))) : notFound();
};
const get = (c: Ctx): Reply => {
  const h = holder(c);
  const x = h?.sets.find((s) => String(s.id) === c.params.ruleset_id);
  return h && x ? ok(h.render(x)) : notFound();
};
const create = (c: Ctx): Reply => {
  const h = holder(c);
  if (!h) return notFound();
  const x = { ...(c.body as Json), id: c.world.id() };
  h.sets.push(x);
  return ok(h.render(x), 201);
};
/** PUT replaces what the body gives and keeps the rest, as GitHub's update does. */
const update = (c: Ctx): Reply => {
  const h = holder(c);
  const x = h?.sets.find((s) => String(s.id) === c.params.ruleset_id);
  if (!h || !x) return notFound();
  Object.assign(x, c.body as Json);
  return ok(h.render(x));
};
const remove = (c: Ctx): Reply => {
  const h = holder(c);
  const i = h ? h.sets.findIndex((s) => String(s.id) === c.params.ruleset_id) : -1;
  if (!h || i < 0) return notFound();
  h.sets.splice(i, 1);
  return noContent();
};

export const rulesetRoutes: Routes = {
  'GET /repos/{owner}/{repo}/rulesets': lists,
  'GET /repos/{owner}/{repo}/rulesets/{ruleset_id}': get,
  'POST /repos/{owner}/{repo}/rulesets': create,
  'PUT /repos/{owner}/{repo}/rulesets/{ruleset_id}': update,
  'DELETE /repos/{owner}/{repo}/rulesets/{ruleset_id}': remove,
  'GET /orgs/{org}/rulesets': lists,
  'GET /orgs/{org}/rulesets/{ruleset_id}': get,
  'POST /orgs/{org}/rulesets': create,
  'PUT /orgs/{org}/rulesets/{ruleset_id}': update,
  'DELETE /orgs/{org}/rulesets/{ruleset_id}': remove,
};
