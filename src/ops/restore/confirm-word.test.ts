import { describe, expect, it } from 'vitest';
import { deliberateWord } from './confirm-word.js';

describe('deliberateWord: what is typed to confirm, from a name a writer chose', () => {
  it('keeps a readable name of three characters or more', () => {
    expect(['api', 'acme', 'acme/platform', 'données'].map((n) => deliberateWord(n, 'abcd1234'))).toEqual(['api', 'acme', 'acme/platform', 'données']);
  });

  it('never lets a reflex word, a letter or two, a space or an invisible character confirm', () => {
    expect(['y', 'ok', 'YES', 'Confirm', 'x1'].map((n) => deliberateWord(n, 'abcd1234'))).toEqual(['restore-y', 'restore-ok', 'restore-YES', 'restore-Confirm', 'restore-x1']);
    expect([' ', 'my app', '\u200b', 'api\u202e', '\t'].map((n) => deliberateWord(n, 'abcd1234'))).toEqual(Array(5).fill('restore-abcd1234'));
  });

  it('never lets a name that looks like another confirm (a Cyrillic letter in a Latin word, a fullwidth one); one script is kept', () => {
    expect(['\u0430pp', 'pr\u043ed-db', '\uff41pp'].map((n) => deliberateWord(n, 'abcd1234'))).toEqual(Array(3).fill('restore-abcd1234'));
    expect(deliberateWord('релиз', 'abcd1234')).toBe('релиз');
  });
});
