import { describe, expect, it } from 'vitest';
import { forgeLabel, forgeMark } from './forge-labels.js';

describe('forge change marks and labels', () => {
  it('marks what is gone, what was weakened, what was added and what changed', () => {
    expect(['repo-deleted', 'secret-deleted', 'branch-unprotected'].map(forgeMark)).toEqual(['−', '−', '−']);
    expect(['protection-weakened', 'actions-permissions-weakened', 'ci-settings-weakened'].map(forgeMark)).toEqual(['⚠', '⚠', '⚠']);
    expect(forgeMark('member-added')).toBe('+');
    expect(['settings-changed', 'actions-permissions-changed'].map(forgeMark)).toEqual(['~', '~']);
    expect(forgeLabel('actions-permissions-weakened')).toBe('actions permissions weakened');
  });
});
