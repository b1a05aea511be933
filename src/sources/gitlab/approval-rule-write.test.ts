import { describe, expect, it } from 'vitest';
import { APPROVALS_REQUIRED_MAX, writeApprovalRule } from './approval-rule-write.js';
import type { GitlabApi } from './client.js';

/** The calls a rule write makes, recorded; GitLab's answers as little as the write reads. */
function fakeApi() {
  const calls: string[] = [];
  const api = {
    ProtectedBranches: { all: async () => [{ id: 7, name: 'main' }] },
    Groups: { show: async () => ({ id: 1 }) },
    MergeRequestApprovals: {
      createApprovalRule: async (_p: string, name: string, n: number) => void calls.push(`create ${name} ${n}`),
      editApprovalRule: async (_p: string, id: number, name: string, n: number, o: Record<string, unknown>) => void calls.push(`edit ${id} ${name} ${n} ${JSON.stringify(o)}`),
      removeApprovalRule: async (_p: string, id: number) => void calls.push(`remove ${id}`),
    },
  };
  return { api: api as unknown as GitlabApi, calls };
}

const rule = { name: 'Security', approvals_required: 2, users: [{ id: 2, username: 'alice' }], groups: [], protected_branches: [{ name: 'main' }] };

describe('writing an approval rule (red team 4, R4-2)', () => {
  it('a count GitLab refuses (over 100) is refused before anything is written', async () => {
    const { api, calls } = fakeApi();
    await expect(writeApprovalRule(api, 'acme/svc', { ...rule, approvals_required: APPROVALS_REQUIRED_MAX + 1 }, { id: 9, name: 'Security' })).rejects.toMatchObject({ code: 'TAMPERED' });
    expect(calls).toEqual([]);
  });

  it('a live rule of that name is edited in place, never deleted', async () => {
    const { api, calls } = fakeApi();
    await writeApprovalRule(api, 'acme/svc', { ...rule, approvals_required: APPROVALS_REQUIRED_MAX }, { id: 9, name: 'Security' });
    expect(calls).toEqual(['edit 9 Security 100 {"usernames":["alice"],"groupIds":[],"protectedBranchIds":[7],"removeHiddenGroups":true}']);
    await writeApprovalRule(api, 'acme/svc', rule);
    expect(calls[1]).toBe('create Security 2');
  });
});
