import { describe, expect, it } from 'vitest';
import { looksLikeAnother, markLookalikes } from './lookalike-text.js';

describe('letters that make a name look like another (TR39 mixed script, NFKC)', () => {
  it('escapes the letters of another script inside a word, and compatibility letters', () => {
    expect(markLookalikes('refs/heads/m\u0430in')).toBe('refs/heads/m\\u0430in');
    expect(markLookalikes('pr\u043ed-db')).toBe('pr\\u043ed-db');
    expect(markLookalikes('\u13aapple')).toBe('\\u13aapple'); // a Cherokee Ꭺ
    expect(markLookalikes('\uff4d\uff41\uff49\uff4e')).toBe('\\uff4d\\uff41\\uff49\\uff4e'); // fullwidth
    expect(markLookalikes('\u{1d426}ain')).toBe('\\u{1d426}ain'); // mathematical bold
    expect(markLookalikes('\ufb01le')).toBe('\\ufb01le'); // a ligature
  });

  it('shows a name in one script, or in scripts written together, as it is', () => {
    for (const name of ['main', 'refs/heads/релиз', 'релиз-v2', 'café', 'cafe\u0301', 'Straße', 'αβγ', '发布-v1', 'ひらがなカタカナ漢字', '한국어漢字', 'مرحبا', '']) {
      expect(markLookalikes(name)).toBe(name);
      expect(looksLikeAnother(name)).toBe(false);
    }
  });

  it('says a mixed name looks like another', () => {
    expect(looksLikeAnother('m\u0430in')).toBe(true);
  });
});
