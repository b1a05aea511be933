import { describe, expect, it } from 'vitest';
import { capRows, MOST_DIFF_ROWS, sideBySide } from './file-diff.js';

describe('side-by-side rows', () => {
  it('pairs a changed line with its new version and numbers both sides', () => {
    const { rows, aligned } = sideBySide('a\nb\nc\n', 'a\nB\nc\nd\n');
    expect(aligned).toBe(true);
    expect(rows).toEqual([
      { kind: 'same', left: 'a', right: 'a', leftNo: 1, rightNo: 1 },
      { kind: 'changed', left: 'b', right: 'B', leftNo: 2, rightNo: 2 },
      { kind: 'same', left: 'c', right: 'c', leftNo: 3, rightNo: 3 },
      { kind: 'added', left: null, right: 'd', leftNo: null, rightNo: 4 },
    ]);
  });

  it('shows a deleted file as all removed lines', () => {
    expect(sideBySide('x\ny\n', '').rows.map((r) => r.kind)).toEqual(['removed', 'removed']);
  });

  it('two large files that share nothing but their ends are not aligned: kept ends, one removed run, one added run', () => {
    const lines = (p: string) => Array.from({ length: 30_000 }, (_, i) => `${p}${i}`).join('\n');
    const { rows, aligned, edits } = sideBySide(`top\n${lines('a')}\nend\n`, `top\n${lines('b')}\nend\n`);
    expect(aligned).toBe(false);
    expect(edits).toBeLessThan(30_000);
    expect(rows[0]).toMatchObject({ kind: 'same', left: 'top' });
    expect(rows[1]).toMatchObject({ kind: 'changed', left: 'a0', right: 'b0', leftNo: 2, rightNo: 2 });
    expect(rows.at(-1)).toMatchObject({ kind: 'same', left: 'end', leftNo: 30_002 });
    expect(rows).toHaveLength(30_002);
  });

  it('sends at most 10,000 rows of a file and counts the rest', () => {
    const { rows } = sideBySide('', Array.from({ length: 12_345 }, (_, i) => `l${i}`).join('\n'));
    const cut = capRows(rows);
    expect(MOST_DIFF_ROWS).toBe(10_000);
    expect(cut.rows).toHaveLength(10_000);
    expect(cut.rows.at(-1)).toMatchObject({ right: 'l9999', rightNo: 10_000 });
    expect(cut.rowsLeft).toBe(2_345);
    expect(capRows(rows.slice(0, 10))).toEqual({ rows: rows.slice(0, 10), rowsLeft: 0 });
  });
});
