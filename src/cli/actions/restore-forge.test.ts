import { describe, expect, it } from 'vitest';
import { doneLine } from './restore-forge.js';
import type { ForgeStepDone } from '../../ops/restore/forge-restore.js';

const change = { type: 'approval-rule-changed', scope: 'acme/api', target: 'Security', path: 'projects/acme/api/approval-rules.json', restorable: true };

describe('a forge step’s end in the CLI: a written step that still differs is not "NOT restored" (red team 3)', () => {
  it('says restored and verified, written but differing (and what), or not restored (and why)', () => {
    const done = (d: Partial<ForgeStepDone>): ForgeStepDone => ({ change, outcome: 'verified', verified: true, ...d });
    expect(doneLine(done({}), 'GitLab')).toBe('restored, verified: approval-rule-changed acme/api Security');
    expect(doneLine(done({ outcome: 'differs', verified: false, differs: 'approval-rule-changed (protected_branches)' }), 'GitLab')).toBe('written, but GitLab still differs: approval-rule-changed acme/api Security — approval-rule-changed (protected_branches)');
    expect(doneLine(done({ outcome: 'failed', verified: false, error: 'GitLab answered 500' }), 'GitLab')).toBe('NOT restored: approval-rule-changed acme/api Security — GitLab answered 500');
  });
});
