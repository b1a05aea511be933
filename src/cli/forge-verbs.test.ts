import { describe, expect, it } from 'vitest';
import { forgeRestores } from '../ops/kinds/registry.js';
import { FORGE_VERBS } from './commands/restore-forge.js';

describe('the restore-<forge> verbs', () => {
  it('are declared for the registry\'s forge restores, with their words (declared without loading them)', () => {
    expect(FORGE_VERBS).toEqual(forgeRestores().map(({ kind, words }) => ({ kind, words })));
  });
});
