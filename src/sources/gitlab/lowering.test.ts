import { describe, expect, it } from 'vitest';
import { gitlabAccessGranted, gitlabLowering } from './lowering.js';
import type { GitlabChange } from './changes.js';

const docs = (entries: Record<string, unknown>) => new Map(Object.entries(entries));
const change = (type: string, path: string, target?: string): GitlabChange => ({ type, scope: 'acme/api', path, restorable: true, ...(target && { target }) });

describe('what restoring a GitLab change would lower', () => {
  it('a protected branch: a lower role, a user let in by name; "no one" (0) is the highest bar', () => {
    const path = 'projects/acme/api/protected-branches.json';
    const branch = (push: object[]) => docs({ [path]: [{ name: 'main', push_access_levels: push, merge_access_levels: [{ access_level: 40 }] }] });
    expect(gitlabLowering(change('protected-branch-changed', path, 'main'), branch([{ access_level: 30 }, { user_id: 7 }]), branch([{ access_level: 0 }]))).toEqual(['push_access_levels open to a lower role (100 → 30)', 'push_access_levels lets in user 7']);
    expect(gitlabLowering(change('protected-branch-changed', path, 'main'), branch([{ access_level: 0 }]), branch([{ access_level: 40 }]))).toEqual([]);
  });

  it('fewer approvals, a push rule relaxed; a stricter snapshot lowers nothing', () => {
    const rules = 'projects/acme/api/approval-rules.json';
    const at = (n: number) => docs({ [rules]: [{ name: 'Security', approvals_required: n, users: [{ username: 'alice' }] }] });
    expect(gitlabLowering(change('approval-rule-changed', rules, 'Security'), at(0), at(2))).toEqual(['approvals required 2 → 0']);
    expect(gitlabLowering(change('approval-rule-changed', rules, 'Security'), at(3), at(2))).toEqual([]);
    // Red team 7: the same count, but an approver the live rule lacks (the writer's own account).
    const by = (users: string[]) => docs({ [rules]: [{ name: 'Security', approvals_required: 1, users: users.map((username) => ({ username })) }] });
    expect(gitlabLowering(change('approval-rule-changed', rules, 'Security'), by(['mallory']), by(['alice']))).toEqual(['approvers add @mallory']);
    expect(gitlabLowering(change('approval-rule-changed', rules, 'Security'), by(['alice']), by(['alice', 'bob']))).toEqual([]);
    const push = 'projects/acme/api/push-rule.json';
    expect(gitlabLowering(change('push-rule-changed', push), docs({ [push]: { prevent_secrets: false, deny_delete_tag: true } }), docs({ [push]: { prevent_secrets: true, deny_delete_tag: true } }))).toEqual(['prevent_secrets on → off']);
  });

  it('says whom a recreated project lets in: members by role, deploy keys, hooks', () => {
    const snap = docs({
      'projects/acme/api/members.json': [{ username: 'mallory', access_level: 40 }],
      'projects/acme/api/deploy-keys.json': [{ title: 'ci', key: 'k', can_push: true }, { title: 'ro', key: 'k2', can_push: false }],
      'projects/acme/api/hooks.json': [{ url: 'https://hooks.example/x' }],
    });
    // A read-only key still clones the project's code: said too.
    expect(gitlabAccessGranted(change('project-deleted', 'projects/acme/api/project.json'), snap)).toEqual(['acme/api to @mallory maintainer, deploy key ci that can push, deploy key ro that can read, hook to https://hooks.example/x']);
    expect(gitlabAccessGranted(change('member-removed', 'projects/acme/api/members.json', 'mallory'), snap)).toEqual(['acme/api to @mallory maintainer']);
  });
});
