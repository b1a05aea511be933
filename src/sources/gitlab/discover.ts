import type { GitlabApi } from './client.js';
import type { GitlabLocator } from './locator.js';
import { all, one, Unavailable } from './fetch.js';
import { BulkheadError } from '../../util/errors.js';

type J = Record<string, unknown>;

/** A project as discovered: what the backup needs beside its documents. */
export interface Discovered {
  id: number;
  path_with_namespace: string;
  http_url_to_repo: string;
  wiki_enabled: boolean;
  archived: boolean;
  marked_for_deletion_on: string | null;
}

export interface Found {
  /** The groups covered (the source's group and every subgroup), by full path; none for a single project. */
  groups: (J & { id: number; full_path: string })[];
  projects: Discovered[];
}

const PAGE = { perPage: 100 };

/**
 * What the source covers, found now: the group, every descendant group and every project in them
 * (new ones included, archived ones and ones marked for deletion kept); or the one project the
 * locator names.
 */
export async function discover(api: GitlabApi, loc: GitlabLocator): Promise<Found> {
  const group = await one<J & { id: number; full_path: string }>(() => api.Groups.show(loc.path));
  if (group instanceof Unavailable) {
    const project = await one<Discovered>(() => api.Projects.show(loc.path));
    if (project instanceof Unavailable) throw new BulkheadError('SOURCE_FAILED', `GitLab has no group or project "${loc.path}" this token can see (${project.reason}); check the path and the token's access`);
    return { groups: [], projects: [pick(project)] };
  }
  const descendants = await all<J & { id: number; full_path: string }>(() => api.Groups.allDescendantGroups(group.id, { ...PAGE, allAvailable: true } as never));
  const projects = await all<Discovered>(() => api.Groups.allProjects(group.id, { ...PAGE, includeSubgroups: true, withShared: false, orderBy: 'id', sort: 'asc' } as never));
  if (descendants instanceof Unavailable || projects instanceof Unavailable) {
    throw new BulkheadError('SOURCE_FAILED', `GitLab group ${loc.path} cannot be listed (${(descendants instanceof Unavailable ? descendants : (projects as Unavailable)).reason}); check the token's access`);
  }
  const byPath = (a: { full_path?: unknown; path_with_namespace?: unknown }, b: typeof a) => (String(a.full_path ?? a.path_with_namespace) < String(b.full_path ?? b.path_with_namespace) ? -1 : 1);
  return { groups: [group, ...descendants].sort(byPath), projects: projects.map(pick).sort(byPath) };
}

const pick = (p: Discovered): Discovered => ({
  id: p.id,
  path_with_namespace: p.path_with_namespace,
  http_url_to_repo: p.http_url_to_repo,
  wiki_enabled: !!p.wiki_enabled,
  archived: !!p.archived,
  marked_for_deletion_on: p.marked_for_deletion_on ?? null,
});
