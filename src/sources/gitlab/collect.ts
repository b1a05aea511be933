import type { GitlabApi } from './client.js';
import type { GitlabLocator } from './locator.js';
import { discover, type Discovered } from './discover.js';
import { collectGroup } from './collect-group.js';
import { collectProject } from './collect-project.js';
import { pool } from '../forge/pool.js';

/**
 * Every document of a GitLab source by its path in the source's tree: `groups.json` and
 * `projects.json` (what was discovered), `groups/FULL/PATH/…` per group and `projects/FULL/PATH/…`
 * per project. Groups and projects live in separate folders, so a project and a subgroup never share one.
 */
export interface Collected {
  docs: Map<string, unknown>;
  projects: Discovered[];
  /** Documents the token could not read (path). */
  unavailable: string[];
}

export const groupDoc = (fullPath: string, file: string) => `groups/${fullPath}/${file}`;
export const projectDoc = (fullPath: string, file: string) => `projects/${fullPath}/${file}`;

export async function collectAll(api: GitlabApi, loc: GitlabLocator): Promise<Collected> {
  const found = await discover(api, loc);
  const docs = new Map<string, unknown>();
  const unavailable: string[] = [];
  const put = (path: string, v: unknown) => {
    if (v && typeof v === 'object' && 'unavailable' in v) unavailable.push(path);
    docs.set(path, v);
  };
  docs.set('groups.json', found.groups.map((g) => ({ id: g.id, full_path: g.full_path, parent_id: g.parent_id ?? null })));
  docs.set('projects.json', found.projects.map(({ http_url_to_repo: _, ...p }) => p));
  for (const g of found.groups) for (const [file, v] of Object.entries(await collectGroup(api, g))) put(groupDoc(g.full_path, file), v);
  await pool(found.projects, 4, async (p) => {
    for (const [file, v] of Object.entries(await collectProject(api, p.id))) put(projectDoc(p.path_with_namespace, file), v);
  });
  return { docs, projects: found.projects, unavailable: unavailable.sort() };
}
