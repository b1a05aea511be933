import { notFound, type Ctx, type Reply } from './http.js';
import type { Group, Project } from './state.js';

/** The `:id` project of a request (id or full path), or GitLab's 404. */
export function withProject(c: Ctx, fn: (p: Project) => Reply): Reply {
  const p = c.world.project(c.params.id!);
  return p ? fn(p) : notFound('Project Not Found');
}

export function withGroup(c: Ctx, fn: (g: Group) => Reply): Reply {
  const g = c.world.group(c.params.id!);
  return g ? fn(g) : notFound('Group Not Found');
}

/** Removes the first item matching, or answers 404. */
export function removeWhere<T>(items: T[], match: (x: T) => boolean, what: string): Reply {
  const i = items.findIndex(match);
  if (i < 0) return notFound(what);
  items.splice(i, 1);
  return { status: 204 };
}
