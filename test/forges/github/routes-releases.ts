import { list, noContent, notFound, ok, repoOf, type Ctx, type Routes } from './http.js';
import { shape } from './shape.js';
import { user } from './render.js';
import type { Release, Repo } from './state.js';

/** Releases and their assets (uploaded with a raw body, downloaded as octet-stream). */
function asset(c: Ctx, r: Repo, a: Release['assets'][number]) {
  const url = `${c.base}/repos/${r.owner}/${r.name}/releases/assets/${a.id}`;
  return shape('release-asset', {
    id: a.id,
    node_id: `RA_${a.id}`,
    name: a.name,
    label: a.label,
    content_type: a.content_type,
    size: a.data.length,
    digest: null,
    state: 'uploaded',
    download_count: 0,
    url,
    browser_download_url: `${c.base}/_downloads/${a.id}`,
    uploader: user(c, r.owner),
    created_at: c.world.time,
    updated_at: c.world.time,
  });
}

function release(c: Ctx, r: Repo, x: Release) {
  const url = `${c.base}/repos/${r.owner}/${r.name}/releases/${x.id}`;
  return shape('release', {
    id: x.id,
    node_id: `RE_${x.id}`,
    tag_name: x.tag_name,
    name: x.name,
    body: x.body,
    draft: x.draft,
    prerelease: x.prerelease,
    target_commitish: x.target_commitish,
    author: user(c, r.owner),
    assets: x.assets.map((a) => asset(c, r, a)),
    url,
    html_url: `${c.base}/${r.owner}/${r.name}/releases/tag/${x.tag_name}`,
    assets_url: `${url}/assets`,
    upload_url: `${c.base}/repos/${r.owner}/${r.name}/releases/${x.id}/assets{?name,label}`,
    tarball_url: null,
    zipball_url: null,
    created_at: c.world.time,
    published_at: c.world.time,
  });
}

export const releaseRoutes: Routes = {
  'GET /repos/{owner}/{repo}/releases': (c) => {
    const r = repoOf(c);
    return r ? list(r.releases.map((x) => release(c, r, x))) : notFound();
  },
  'POST /repos/{owner}/{repo}/releases': (c) => {
    const r = repoOf(c);
    if (!r) return notFound();
    const b = c.body as { tag_name: string; name?: string; body?: string; draft?: boolean; prerelease?: boolean; target_commitish?: string };
    const x: Release = { id: c.world.id(), tag_name: b.tag_name, name: b.name ?? b.tag_name, body: b.body ?? '', draft: !!b.draft, prerelease: !!b.prerelease, target_commitish: b.target_commitish ?? r.default_branch, assets: [] };
    r.releases.push(x);
    return ok(release(c, r, x), 201);
  },
  'DELETE /repos/{owner}/{repo}/releases/{release_id}': (c) => {
    const r = repoOf(c);
    const i = r ? r.releases.findIndex((x) => String(x.id) === c.params.release_id) : -1;
    if (!r || i < 0) return notFound();
    r.releases.splice(i, 1);
    return noContent();
  },
  'PATCH /repos/{owner}/{repo}/releases/{release_id}': (c) => {
    const r = repoOf(c);
    const x = r?.releases.find((y) => String(y.id) === c.params.release_id);
    if (!r || !x) return notFound();
    const b = c.body as Partial<Pick<Release, 'tag_name' | 'name' | 'body' | 'draft' | 'prerelease' | 'target_commitish'>>;
    for (const k of ['tag_name', 'name', 'body', 'draft', 'prerelease', 'target_commitish'] as const) if (b[k] !== undefined) Object.assign(x, { [k]: b[k] });
    return ok(release(c, r, x));
  },
  'DELETE /repos/{owner}/{repo}/releases/assets/{asset_id}': (c) => {
    const r = repoOf(c);
    const x = r?.releases.find((y) => y.assets.some((a) => String(a.id) === c.params.asset_id));
    if (!r || !x) return notFound();
    x.assets = x.assets.filter((a) => String(a.id) !== c.params.asset_id);
    return noContent();
  },
  'GET /repos/{owner}/{repo}/releases/assets/{asset_id}': (c) => {
    const r = repoOf(c);
    const a = r?.releases.flatMap((x) => x.assets).find((x) => String(x.id) === c.params.asset_id);
    if (!r || !a) return notFound();
    // Asked for the content: GitHub redirects to the download (which is not an API operation).
    if (c.accept === 'application/octet-stream') return { status: 302, headers: { location: `${c.base}/_downloads/${a.id}` } };
    return ok(asset(c, r, a));
  },
  'POST /repos/{owner}/{repo}/releases/{release_id}/assets': (c) => {
    const r = repoOf(c);
    const x = r?.releases.find((y) => String(y.id) === c.params.release_id);
    if (!r || !x) return notFound();
    const a = { id: c.world.id(), name: c.query.get('name')!, label: c.query.get('label') ?? '', content_type: c.contentType ?? 'application/octet-stream', data: c.raw ?? Buffer.alloc(0) };
    x.assets.push(a);
    return ok(asset(c, r, a), 201);
  },
};

/** The bytes behind a browser_download_url. */
export function download(c: { world: Ctx['world'] }, id: string): Buffer | undefined {
  for (const r of c.world.repos.values()) for (const x of r.releases) for (const a of x.assets) if (String(a.id) === id) return a.data;
  return undefined;
}
