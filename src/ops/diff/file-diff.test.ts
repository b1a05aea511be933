import { describe, expect, it } from 'vitest';
import { sideBySide } from './file-diff.js';

describe('side-by-side rows', () => {
  it('pairs a changed line with its new version and numbers both sides', () => {
    const rows = sideBySide('a\nb\nc\n', 'a\nB\nc\nd\n');
    expect(rows).toEqual([
      { kind: 'same', left: 'a', right: 'a', leftNo: 1, rightNo: 1 },
      { kind: 'changed', left: 'b', right: 'B', leftNo: 2, rightNo: 2 },
      { kind: 'same', left: 'c', right: 'c', leftNo: 3, rightNo: 3 },
      { kind: 'added', left: null, right: 'd', leftNo: null, rightNo: 4 },
    ]);
  });

  it('shows a deleted file as all removed lines', () => {
    expect(sideBySide('x\ny\n', '').map((r) => r.kind)).toEqual(['removed', 'removed']);
  });
});
