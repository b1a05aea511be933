import { markLookalikes } from '../../src/api/lookalike-text.js';

/**
 * A name or line the vault's writer chose, as the console shows it. A ref, path or source name may
 * hold U+202E (the rest reads backwards: `refs/heads/\u202Eniam` looks like `refs/heads/main`),
 * isolates, or zero-width characters (`ma\u200Bin`): in a plan the operator consents to, the text
 * shown must be the text pushed. Such characters, and control characters, are shown escaped
 * (`\u202e`), as the CLI shows them (src/util/terminal-text.ts; the renderer may import only
 * src/api, and test/shape/shown-text.test.ts holds the two to the same text). Letters of another
 * script inside a word (`m\u0430in`) are escaped by the one rule both use (src/util/lookalike-text.ts).
 */

const UNSEEN = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\u2800\u3164\ufeff\uffa0]/g;
const NAMED: Record<string, string> = { '\x1b': '\\e', '\r': '\\r', '\b': '\\b', '\f': '\\f', '\v': '\\v', '\0': '\\0' };

export function shownText(text: string): string {
  const seen = text.replace(UNSEEN, (c) => {
    const code = c.charCodeAt(0);
    return NAMED[c] ?? (code > 0xff ? `\\u${code.toString(16).padStart(4, '0')}` : `\\x${code.toString(16).padStart(2, '0')}`);
  });
  // Letters that make a name look like another (`refs/heads/m\u0430in`), by the CLI's own rule.
  return markLookalikes(seen);
}
