import { describe, expect, it } from 'vitest';
import { approvalRuleLowering } from './approval-lowering.js';

const rule = (over: Record<string, unknown> = {}) => ({ name: 'Security', rule_type: 'regular', approvals_required: 2, users: [{ username: 'alice' }, { username: 'bob' }], groups: [], protected_branches: [{ name: 'main' }], ...over });
const on = (...names: string[]) => ({ protected_branches: names.map((name) => ({ name })) });

describe('what replacing a live approval rule by the snapshot’s lowers (red team 3, F2)', () => {
  it('a branch the live rule covers, lost; a list where every branch was', () => {
    expect(approvalRuleLowering(rule(), rule(on('release')))).toEqual(['no longer covers branch main (protected branches main → release)']);
    expect(approvalRuleLowering(rule(on()), rule(on('main')))).toEqual(['protected branches every branch → main']);
    expect(approvalRuleLowering(rule(on('main', 'release')), rule(on('main')))).toEqual(['no longer covers branch release (protected branches main, release → main)']);
  });

  it('more branches, every branch, more approvals: raises, nothing lowered', () => {
    expect(approvalRuleLowering(rule(), rule(on('main', 'release')))).toEqual([]);
    expect(approvalRuleLowering(rule(), rule(on()))).toEqual([]);
    expect(approvalRuleLowering(rule(), rule({ approvals_required: 3, users: [{ username: 'alice' }] }))).toEqual([]);
  });

  it('no eligible approver left, a count that is not a number, an approver group not named by path', () => {
    expect(approvalRuleLowering(rule(), rule({ users: [], groups: [] }))).toEqual(['approvers @alice, @bob → none (no one is eligible, so GitLab does not require the rule)']);
    expect(approvalRuleLowering(rule(), rule({ approvals_required: 'two' }))).toEqual(['approvals required 2 → two']);
    expect(approvalRuleLowering(rule(), rule({ groups: [{ id: 9, name: 'ops' }] }))).toEqual(['approvers add group with no path (id 9)']);
  });

  it('a live rule that requires nothing (gutted) is raised by any snapshot; one of another kind, or with hidden groups, is not recreated as it was', () => {
    expect(approvalRuleLowering(rule({ approvals_required: 0, users: [], protected_branches: [] }), rule())).toEqual([]);
    expect(approvalRuleLowering(rule({ users: [] }), rule(on('release')))).toEqual([]);
    expect(approvalRuleLowering(rule({ rule_type: 'code_owner' }), rule())).toEqual(['the live code_owner rule (regular in the snapshot) is recreated as a regular rule']);
    expect(approvalRuleLowering(rule({ contains_hidden_groups: true }), rule())).toEqual(['the live rule has approver groups hidden from this token, which writing it drops']);
  });
});
