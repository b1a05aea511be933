import { describe, expect, it } from 'vitest';
import { jsonText, terminalSafe } from './terminal-text.js';

describe('text from a vault, for a terminal', () => {
  it('shows escape sequences instead of running them', () => {
    expect(terminalSafe('a\x1b]52;c;cHduZWQ=\x07b')).toBe('a\\e]52;c;cHduZWQ=\\x07b');
    expect(terminalSafe('\x1b[2Jclear')).toBe('\\e[2Jclear');
    expect(terminalSafe('over\rwrite')).toBe('over\\rwrite');
    expect(terminalSafe('c1\u009b31m')).toBe('c1\\x9b31m');
    expect(terminalSafe('del\x7f')).toBe('del\\x7f');
  });

  it('shows bidirectional overrides, which make a name read in another order than it is', () => {
    expect(terminalSafe('invoice\u202Efdp.exe')).toBe('invoice\\u202efdp.exe');
    expect(terminalSafe('\u2066x\u2069')).toBe('\\u2066x\\u2069');
  });

  it('keeps its own layout and every other character', () => {
    const text = 'name\twith tab\nnext line: é ✔ 日本 🙂';
    expect(terminalSafe(text)).toBe(text);
  });

  it('writes JSON any reader decodes to the same value, with nothing raw that drives a terminal', () => {
    const value = { name: 'a\x1b[2J\u009b\u202e\x7fz', n: 1 };
    const text = jsonText(value, 2);
    expect(JSON.parse(text)).toEqual(value);
    expect(text).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f\u202e]/);
  });
});
