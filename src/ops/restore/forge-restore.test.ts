import { describe, expect, it } from 'vitest';
import { runForgeRestore, type ForgeRestore, type ForgeRestorePlan } from './forge-restore.js';
import type { ForgeChange } from '../../sources/forge/forge-change.js';
import type { VaultReader } from '../../vault/reader.js';

const change = (type: string, target: string, extra: Partial<ForgeChange> = {}): ForgeChange => ({ type, scope: 'acme/api', target, path: 'projects/acme/api/x.json', restorable: true, ...extra });

/** A forge whose steps write (or throw) and whose read-back still shows `remaining`. */
function forge(errors: Map<string, string>, remaining: ForgeChange[]): ForgeRestore {
  return {
    kind: 'gitlab',
    words: { name: 'GitLab', putsBack: '', only: '', confirm: { arg: 'group', what: '' }, token: { env: '', holds: '', may: '' } },
    account: () => 'acme',
    plan: () => Promise.reject(new Error('not planned here')),
    apply: ({ plan }) => Promise.resolve(new Map(plan.steps.filter((s) => errors.has(s.change.target!)).map((s) => [s, { error: errors.get(s.change.target!)! }]))),
    verify: () => Promise.resolve(remaining),
  };
}

describe('a forge restore read back: verified, written but still differing, or failed (red team 3)', () => {
  it('says which, and what still differs: the same change, or another on the same item', async () => {
    const steps = ['ok', 'moved', 'partly', 'broke'].map((t) => ({ change: change(t === 'partly' ? 'branch-unprotected' : 'approval-rule-changed', t), does: '' }));
    const plan: ForgeRestorePlan = { snapshot: 's', source: 'gl', steps, notRestorable: [], confirm: 'acme' };
    const remaining = [change('approval-rule-changed', 'moved', { fields: ['protected_branches'] }), change('protected-branch-changed', 'partly', { fields: ['push_access_levels'] })];
    const result = await runForgeRestore(forge(new Map([['broke', 'GitLab answered 500']]), remaining), { reader: {} as VaultReader, plan, docs: new Map(), token: 't', confirm: 'acme' });
    expect(result.done.map((d) => [d.change.target, d.outcome, d.verified, d.differs ?? d.error])).toEqual([
      ['ok', 'verified', true, undefined],
      ['moved', 'differs', false, 'approval-rule-changed (protected_branches)'],
      ['partly', 'differs', false, 'protected-branch-changed (push_access_levels)'],
      ['broke', 'failed', false, 'GitLab answered 500'],
    ]);
  });
});
