import { shape } from './shape.js';
import type { Ctx } from './http.js';
import type { Repo } from './state.js';

/** Accounts and repositories in GitHub's response shapes, with the emulator's URLs. */
const ids = new Map<string, number>();
const userId = (login: string): number => {
  if (!ids.has(login)) ids.set(login, 5000 + ids.size);
  return ids.get(login)!;
};

export function user(c: Ctx, login: string, type = 'User') {
  const account = c.world.accounts.get(login.toLowerCase());
  const url = `${c.base}/users/${login}`;
  return shape('simple-user', {
    login,
    id: account?.id ?? userId(login),
    node_id: `U_${login}`,
    type: account?.type ?? type,
    url,
    html_url: `${c.base}/${login}`,
    avatar_url: `${c.base}/avatars/${login}`,
    repos_url: `${url}/repos`,
  });
}

export function team(c: Ctx, org: string, t: { id: number; slug: string; name: string; description?: string; privacy: string }, permission?: string) {
  return shape('team', {
    id: t.id,
    node_id: `T_${t.id}`,
    slug: t.slug,
    name: t.name,
    description: t.description ?? null,
    privacy: t.privacy,
    permission: permission ?? 'pull',
    url: `${c.base}/orgs/${org}/teams/${t.slug}`,
    html_url: `${c.base}/orgs/${org}/teams/${t.slug}`,
    members_url: `${c.base}/orgs/${org}/teams/${t.slug}/members{/member}`,
    repositories_url: `${c.base}/orgs/${org}/teams/${t.slug}/repos`,
    parent: null,
  });
}

export function repository(c: Ctx, r: Repo, schema: 'full-repository' | 'minimal-repository' | 'repository' = 'full-repository') {
  const url = `${c.base}/repos/${r.owner}/${r.name}`;
  return shape(schema, {
    id: r.id,
    node_id: `R_${r.id}`,
    name: r.name,
    full_name: `${r.owner}/${r.name}`,
    owner: user(c, r.owner),
    private: r.private,
    visibility: r.private ? 'private' : 'public',
    archived: r.archived,
    disabled: false,
    fork: r.fork,
    description: r.description,
    default_branch: r.default_branch,
    topics: r.topics,
    ...r.settings,
    url,
    html_url: `${c.base}/${r.owner}/${r.name}`,
    clone_url: `${c.base}/${r.owner}/${r.name}.git`,
    git_url: `${c.base}/${r.owner}/${r.name}.git`,
    ssh_url: `git@emulator:${r.owner}/${r.name}.git`,
    svn_url: `${c.base}/${r.owner}/${r.name}`,
    hooks_url: `${url}/hooks`,
    created_at: c.world.time,
    updated_at: c.world.time,
    pushed_at: c.world.time,
    permissions: { admin: true, maintain: true, push: true, triage: true, pull: true },
  });
}
