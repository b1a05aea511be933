import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { list, noContent, notFound, ok, repoOf, unprocessable, type Ctx, type Routes } from './http.js';
import { repository, user } from './render.js';
import { shape } from './shape.js';
import type { Repo } from './state.js';
import { newRepo } from './seed-repo.js';

/** Accounts, repositories and branches. */
export function branches(r: Repo): { name: string; sha: string }[] {
  // Read from the files git keeps (packed-refs, then loose refs win): no process per request.
  const refs = new Map<string, string>();
  const packed = join(r.gitDir, 'packed-refs');
  if (existsSync(packed)) {
    for (const line of readFileSync(packed, 'utf8').split('\n')) {
      const m = /^([0-9a-f]{40}) refs\/heads\/(.+)$/.exec(line);
      if (m) refs.set(m[2]!, m[1]!);
    }
  }
  const loose = join(r.gitDir, 'refs', 'heads');
  const walk = (dir: string, prefix: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(dir, e.name), `${prefix}${e.name}/`);
      else refs.set(`${prefix}${e.name}`, readFileSync(join(dir, e.name), 'utf8').trim());
    }
  };
  if (existsSync(loose)) walk(loose, '');
  return [...refs].sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, sha]) => ({ name, sha }));
}

function org(c: Ctx) {
  const a = c.world.accounts.get(c.params.org!.toLowerCase());
  if (!a || a.type !== 'Organization') return notFound();
  return ok(
    shape('organization-full', {
      ...user(c, a.login, 'Organization'),
      description: `${a.login} (emulated)`,
      hooks_url: `${c.base}/orgs/${a.login}/hooks`,
      issues_url: `${c.base}/orgs/${a.login}/issues`,
      members_url: `${c.base}/orgs/${a.login}/members{/member}`,
      public_members_url: `${c.base}/orgs/${a.login}/public_members{/member}`,
      events_url: `${c.base}/orgs/${a.login}/events`,
      public_repos: c.world.reposOf(a.login).filter((r) => !r.private).length,
      created_at: c.world.time,
      updated_at: c.world.time,
      archived_at: null,
      ...a.settings,
    }),
  );
}

/** PATCH /orgs/{org}: the settings given (validated against GitHub's body schema) replace the saved ones. */
function updateOrg(c: Ctx) {
  const a = c.world.accounts.get(c.params.org!.toLowerCase());
  if (!a || a.type !== 'Organization') return notFound();
  a.settings = { ...a.settings, ...(c.body as Record<string, unknown>) };
  return org(c);
}

function createRepo(c: Ctx) {
  const owner = c.params.org!;
  const b = c.body as { name: string; private?: boolean; description?: string };
  if (c.world.repo(owner, b.name)) return unprocessable('Repository creation failed: name already exists on this account');
  const r = newRepo(c.world, owner, b.name, { private: !!b.private, description: b.description ?? '', empty: true });
  // GitHub's creation body takes the repository's settings (has_wiki, allow_squash_merge…) as PATCH does.
  const given = c.body as Record<string, unknown>;
  for (const k of Object.keys(r.settings) as (keyof Repo['settings'])[]) if (typeof given[k] === 'boolean') r.settings[k] = given[k];
  return ok(repository(c, r), 201);
}

function updateRepo(c: Ctx) {
  const r = repoOf(c);
  if (!r) return notFound();
  const b = c.body as Record<string, unknown>;
  for (const k of Object.keys(r.settings) as (keyof Repo['settings'])[]) if (typeof b[k] === 'boolean') r.settings[k] = b[k];
  if (typeof b.archived === 'boolean') r.archived = b.archived;
  if (typeof b.description === 'string') r.description = b.description;
  if (typeof b.private === 'boolean') r.private = b.private;
  if (typeof b.default_branch === 'string') r.default_branch = b.default_branch;
  return ok(repository(c, r));
}

function deleteRepo(c: Ctx) {
  const r = repoOf(c);
  if (!r) return notFound();
  c.world.repos.delete(`${r.owner}/${r.name}`.toLowerCase());
  rmSync(r.gitDir, { recursive: true, force: true });
  if (r.wikiDir) rmSync(r.wikiDir, { recursive: true, force: true });
  return noContent();
}

function branchList(c: Ctx) {
  const r = repoOf(c);
  if (!r) return notFound();
  return list(
    branches(r).map((b) =>
      shape('short-branch', { name: b.name, commit: { sha: b.sha, url: `${c.base}/repos/${r.owner}/${r.name}/commits/${b.sha}` }, protected: r.protections.has(b.name), protection_url: `${c.base}/repos/${r.owner}/${r.name}/branches/${b.name}/protection` }),
    ),
  );
}

function replaceTopics(c: Ctx) {
  const r = repoOf(c);
  if (!r) return notFound();
  r.topics = (c.body as { names: string[] }).names;
  return ok({ names: r.topics });
}

export const repoRoutes: Routes = {
  'GET /orgs/{org}': org,
  'PATCH /orgs/{org}': updateOrg,
  'GET /users/{username}': (c) => {
    const a = c.world.accounts.get(c.params.username!.toLowerCase());
    return a ? ok(shape('public-user', { ...user(c, a.login), created_at: c.world.time, updated_at: c.world.time })) : notFound();
  },
  'GET /orgs/{org}/repos': (c) => (c.world.accounts.has(c.params.org!.toLowerCase()) ? list(c.world.reposOf(c.params.org!).map((r) => repository(c, r, 'minimal-repository'))) : notFound()),
  // GitHub's description lists only 200 here (GitHub answers 404 for an unknown user): the source asks /users/{username} first.
  'GET /users/{username}/repos': (c) => list(c.world.reposOf(c.params.username!).map((r) => repository(c, r, 'minimal-repository'))),
  'POST /orgs/{org}/repos': createRepo,
  'GET /repos/{owner}/{repo}': (c) => {
    const r = repoOf(c);
    return r ? ok(repository(c, r)) : notFound();
  },
  'PATCH /repos/{owner}/{repo}': updateRepo,
  'DELETE /repos/{owner}/{repo}': deleteRepo,
  'PUT /repos/{owner}/{repo}/topics': replaceTopics,
  'GET /repos/{owner}/{repo}/branches': branchList,
};

export const gitDirFor = (root: string, owner: string, name: string, wiki = false) => join(root, owner, `${name}${wiki ? '.wiki' : ''}.git`);
