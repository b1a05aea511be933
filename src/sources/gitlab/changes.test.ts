import { describe, expect, it } from 'vitest';
import { gitlabChanges } from './changes.js';

const project = { path_with_namespace: 'acme/api' };
const docs = (push: object[]) =>
  new Map<string, unknown>([
    ['projects.json', [project]],
    ['projects/acme/api/project.json', { ...project, visibility: 'private' }],
    ['projects/acme/api/protected-branches.json', [{ id: 1, name: 'main', push_access_levels: push, merge_access_levels: [{ id: 3, access_level: 40, access_level_description: 'Maintainers' }] }]],
  ]);

describe('GitLab changes between two sets of documents', () => {
  it('a protected branch whose one named user was swapped for another is a change; its ids and descriptions are not', () => {
    const before = docs([{ id: 2, access_level: null, user_id: 7, group_id: null, access_level_description: 'alice' }]);
    const swapped = docs([{ id: 9, access_level: null, user_id: 13, group_id: null, access_level_description: 'mallory' }]);
    const renumbered = docs([{ id: 9, access_level: null, user_id: 7, group_id: null, access_level_description: 'Alice' }]);
    expect(gitlabChanges(before, swapped).map((c) => `${c.type} ${c.scope} ${c.target ?? ''}`)).toEqual(['protected-branch-changed acme/api main']);
    expect(gitlabChanges(before, renumbered)).toEqual([]);
  });
});
