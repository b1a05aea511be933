import { describe, expect, it } from 'vitest';
import { terminalSafe } from '../../src/util/terminal-text.js';
import { shownText } from '../../renderer/src/shown-text.js';

/** The console shows a writer's names as the CLI prints them: the same characters escaped, the same way. */
describe("the console's shownText and the CLI's terminalSafe", () => {
  it('escape the same characters the same way', () => {
    // every character below U+3200, and the specials block (U+FE00–U+FFFF: U+FEFF, the half-width filler U+FFA0)
    const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => String.fromCharCode(from + i));
    const all = [...range(0, 0x3200), ...range(0xfe00, 0x10000)].join('');
    expect(shownText(all)).toBe(terminalSafe(all));
  });

  it('show a reversed or invisible ref name as what it is', () => {
    expect(shownText('refs/heads/\u202Eniam')).toBe('refs/heads/\\u202eniam');
    expect(shownText('refs/heads/ma\u200Bin')).toBe('refs/heads/ma\\u200bin');
    expect(shownText('api/refs/refs/tags/v1 → 0123abcd')).toBe('api/refs/refs/tags/v1 → 0123abcd');
  });

  it('show a name with a letter of another script escaped, as the CLI does (one rule: src/util/lookalike-text.ts)', () => {
    for (const [raw, shown] of [['refs/heads/m\u0430in', 'refs/heads/m\\u0430in'], ['refs/heads/релиз', 'refs/heads/релиз']]) {
      expect(shownText(raw!)).toBe(shown);
      expect(terminalSafe(raw!)).toBe(shown);
    }
  });
});
