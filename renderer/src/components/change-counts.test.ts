import { describe, expect, it } from 'vitest';
import { countsByKind } from './change-counts.js';

describe('countsByKind', () => {
  it('names what each count counts, losses first', () => {
    const changes = [
      { type: 'ref-moved', ref: 'refs/heads/main' },
      { type: 'ref-rewritten', ref: 'refs/heads/feature' },
      { type: 'ref-deleted', ref: 'refs/heads/release' },
      { type: 'pipeline-deleted', path: '.github/workflows/deploy.yml' },
    ];
    const dir = [
      { type: 'removed', path: 'app', kind: 'dir' },
      { type: 'removed', path: 'app/a', kind: 'file' },
      { type: 'removed', path: 'app/b', kind: 'file' },
      { type: 'added', path: 'c', kind: 'file' },
      { type: 'changed', path: 'l', kind: 'symlink' },
    ];
    expect(countsByKind([{ changes }, { changes: dir }])).toEqual([
      '1 ref deleted',
      '1 pipeline removed',
      '1 folder removed',
      '2 files removed',
      '1 ref rewritten (history replaced)',
      '1 symlink changed',
      '1 ref moved forward',
      '1 file added',
    ]);
  });

  it("counts a forge's typed changes by their own nouns", () => {
    const changes = [{ type: 'secret-deleted' }, { type: 'secret-deleted' }, { type: 'repository-changed' }];
    expect(countsByKind([{ changes }])).toEqual(['2 secrets deleted', '1 repository changed']);
  });

  it('says nothing of sources without changes', () => {
    expect(countsByKind([{ changes: [] }])).toEqual([]);
  });
});
