import type { GithubClient } from './client.js';
import { savedAssetBytes } from './read-documents.js';
import { quietMentions } from '../forge/quiet-mentions.js';

type J = Record<string, unknown>;
type P = { owner: string; repo: string };

const assetsOf = (r: J) => (Array.isArray(r.assets) ? (r.assets as J[]) : []);

/** Recreates a release from its document, then uploads its assets' bytes from the snapshot. */
export async function createRelease(octokit: GithubClient, p: P, r: J): Promise<string[]> {
  const made = await octokit.request('POST /repos/{owner}/{repo}/releases', { ...p, tag_name: String(r.tag_name), name: String(r.name ?? ''), body: quietMentions(String(r.body ?? '')), draft: !!r.draft, prerelease: !!r.prerelease, target_commitish: String(r.target_commitish) });
  return uploadAssets(octokit, p, r, made.data.upload_url, new Set());
}

/** Puts a changed release back: its name, text and flags as saved, and every saved asset it no longer has. */
export async function repairRelease(octokit: GithubClient, p: P, r: J): Promise<string[]> {
  const live = (await octokit.paginate('GET /repos/{owner}/{repo}/releases', { ...p, per_page: 100 })).find((x) => x.tag_name === r.tag_name);
  if (!live) return createRelease(octokit, p, r);
  const fields = { name: String(r.name ?? ''), body: quietMentions(String(r.body ?? '')), draft: !!r.draft, prerelease: !!r.prerelease };
  if (live.name !== fields.name || live.body !== fields.body || live.draft !== fields.draft || live.prerelease !== fields.prerelease) {
    await octokit.request('PATCH /repos/{owner}/{repo}/releases/{release_id}', { ...p, release_id: live.id, ...fields });
  }
  return uploadAssets(octokit, p, r, live.upload_url, new Set(live.assets.map((a) => a.name)));
}

/**
 * Uploads the saved assets a release lacks (by name) to its upload_url (uploads.github.com on
 * GitHub, a URI template taking name and label), with their saved content type.
 */
async function uploadAssets(octokit: GithubClient, p: P, r: J, uploadUrl: string, have: Set<string>): Promise<string[]> {
  const notes: string[] = [];
  for (const a of assetsOf(r)) {
    const name = String(a.name);
    if (have.has(name)) continue;
    const data = await savedAssetBytes(a);
    if (!data) {
      notes.push(`asset ${name} of release ${String(r.tag_name)} of ${p.owner}/${p.repo} is not in the snapshot; upload it by hand`);
      continue;
    }
    await octokit.request({
      method: 'POST',
      url: uploadUrl,
      name,
      ...(a.label ? { label: String(a.label) } : {}),
      data,
      headers: { 'content-type': String(a.content_type ?? 'application/octet-stream'), 'content-length': data.length },
    });
  }
  return notes;
}
