import { describe, expect, it } from 'vitest';
import { actionsPolicyChange, policyDifferences } from './actions-policy.js';

const strict = { enabled: true, allowed_actions: 'selected', workflow: { default_workflow_permissions: 'read', can_approve_pull_request_reviews: false }, selected_actions: { github_owned_allowed: true, verified_allowed: false, patterns_allowed: ['acme/*'] } };

describe('Actions policy comparison', () => {
  it('says each setting’s way and which ones let more run', () => {
    const loose = { ...strict, allowed_actions: 'all', workflow: { default_workflow_permissions: 'write', can_approve_pull_request_reviews: false } };
    expect(actionsPolicyChange('acme/api', 'acme/api/actions-permissions.json', strict, loose)).toEqual({
      type: 'actions-permissions-weakened', scope: 'acme/api', path: 'acme/api/actions-permissions.json', fields: ['allowed_actions', 'default_workflow_permissions'], restorable: true,
      note: 'allowed_actions selected → all (weaker); default_workflow_permissions read → write (weaker)',
    });
    // The other way is a change, not a weakening.
    expect(actionsPolicyChange('acme/api', 'p', loose, strict)?.type).toBe('actions-permissions-changed');
  });

  it('compares patterns as a set: one added lets more run, one removed does not, order is no change', () => {
    const withPatterns = (p: string[]) => ({ ...strict, selected_actions: { ...strict.selected_actions, patterns_allowed: p } });
    expect(policyDifferences(withPatterns(['a/*', 'b/*']), withPatterns(['b/*', 'a/*']))).toEqual([]);
    expect(policyDifferences(withPatterns(['a/*']), withPatterns(['a/*', '*']))).toEqual([{ field: 'patterns_allowed', from: ['a/*'], to: ['*', 'a/*'], weaker: true }]);
    expect(policyDifferences(withPatterns(['a/*', 'b/*']), withPatterns(['a/*']))[0]!.weaker).toBe(false);
  });

  it('says nothing of what a side lacks: an older snapshot, a part the token could not read, an unavailable document', () => {
    const old = { enabled: true, allowed_actions: 'selected' };
    expect(policyDifferences(old, { ...strict, workflow: { default_workflow_permissions: 'write', can_approve_pull_request_reviews: true } })).toEqual([]);
    expect(policyDifferences({ ...strict, workflow: { unavailable: '403: Forbidden' } }, { ...strict, workflow: { default_workflow_permissions: 'write', can_approve_pull_request_reviews: true } })).toEqual([]);
    expect(actionsPolicyChange('acme', 'p', { unavailable: '404: Not Found' }, strict)).toBeUndefined();
  });
});
