import { git, redact } from './git.js';

/** A gitlink: the repository pins a commit of another repository, whose content is not backed up here. */
export interface Submodule {
  path: string;
  /** From .gitmodules at the same commit (absent when .gitmodules does not name the path). */
  url?: string;
  commit: string;
}

/** The submodules among `files` (mode 160000) at `commit`, with their URLs from its .gitmodules. */
export async function submodulesAt(gitDir: string, commit: string, files: [string, string, string, number][]): Promise<Submodule[]> {
  const links = files.filter(([, mode]) => mode === '160000');
  const urls = new Map<string, string>();
  const r = await git(['config', '-z', '--blob', `${commit}:.gitmodules`, '--get-regexp', '^submodule\\..*\\.(path|url)$'], { gitDir, okCodes: [1, 128] });
  if (r.code === 0) {
    // -z: "key\nvalue\0"; a submodule's name is what ties its path to its url.
    const byName = new Map<string, { path?: string; url?: string }>();
    for (const item of r.stdout.toString('utf8').split('\0').filter(Boolean)) {
      const nl = item.indexOf('\n');
      const m = /^submodule\.(.*)\.(path|url)$/.exec(item.slice(0, nl));
      if (!m) continue;
      const entry = byName.get(m[1]!) ?? {};
      entry[m[2] as 'path' | 'url'] = item.slice(nl + 1);
      byName.set(m[1]!, entry);
    }
    for (const { path, url } of byName.values()) if (path && url) urls.set(path, redact(url)); // no credentials in a manifest
  }
  return links.map(([path, , commitId]) => ({ path, ...(urls.has(path) && { url: urls.get(path)! }), commit: commitId }));
}

/** What `ls` and a restore say about submodules: their content is elsewhere. */
export function submoduleNotes(submodules: Submodule[] | undefined): string[] {
  return (submodules ?? []).map((s) => `${s.path}: submodule ${s.url ?? '(no URL in .gitmodules)'} at ${s.commit.slice(0, 12)} — its content is not in this backup`);
}
