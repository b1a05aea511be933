/**
 * Letters that make a name look like another, shown as what they are. A hijacked writer can name
 * a ref `refs/heads/mаin` (a Cyrillic а) or a source `prоd-db` (a Cyrillic о) and list it beside
 * the real one: in a plan the operator consents to, the two read the same. Unicode TR39's
 * mixed-script rule finds them without a table: a word (a run of letters, marks and digits) whose
 * letters no one script covers (Script_Extensions; Han with Hiragana, Katakana, Bopomofo or
 * Hangul is one writing system, as TR39 resolves it) is mixed, and the letters outside the word's
 * main script are escaped (`m\u0430in`). So are compatibility letters and digits (fullwidth `ｍ`,
 * mathematical `𝐦`, ligatures), which NFKC folds into others. A name in one script (`релиз`,
 * `发布`) is shown as it is; nothing is ever normalised, only shown. The CLI (terminal-text.ts)
 * and the console (src/api/lookalike-text.ts, renderer/src/shown-text.ts) use this one rule.
 */
const SCRIPTS = [
  'Latin', 'Greek', 'Cyrillic', 'Armenian', 'Hebrew', 'Arabic', 'Syriac', 'Thaana', 'Nko', 'Devanagari', 'Bengali', 'Gurmukhi',
  'Gujarati', 'Oriya', 'Tamil', 'Telugu', 'Kannada', 'Malayalam', 'Sinhala', 'Thai', 'Lao', 'Tibetan', 'Myanmar', 'Georgian',
  'Hangul', 'Ethiopic', 'Cherokee', 'Canadian_Aboriginal', 'Ogham', 'Runic', 'Khmer', 'Mongolian', 'Hiragana', 'Katakana',
  'Bopomofo', 'Han', 'Coptic', 'Tifinagh', 'Vai', 'Lisu', 'Bamum', 'Osage', 'Adlam',
] as const;
const TESTS = SCRIPTS.map((s) => new RegExp(`\\p{scx=${s}}`, 'u'));
const bit = (s: (typeof SCRIPTS)[number]) => 1n << BigInt(SCRIPTS.indexOf(s));
const OTHER = 1n << BigInt(SCRIPTS.length); // a letter of a script not listed: a script of its own
// TR39's resolved sets: Han writes Japanese with kana and Korean with Hangul, Chinese with Bopomofo.
const JPAN = OTHER << 1n;
const KORE = OTHER << 2n;
const HANB = OTHER << 3n;
const CJK: [bigint, bigint][] = [
  [bit('Han'), JPAN | KORE | HANB],
  [bit('Hiragana'), JPAN],
  [bit('Katakana'), JPAN],
  [bit('Hangul'), KORE],
  [bit('Bopomofo'), HANB],
];

const WORD = /[\p{L}\p{M}\p{N}]+/gu;
const SHARED = /^[\p{sc=Zyyy}\p{sc=Zinh}]$/u; // Common and Inherited: any script's
const NOT_ASCII = /[^\x00-\x7f]/;

const cache = new Map<string, bigint>();

/** The scripts a letter is written in (a bit each), 0n for one every script shares. */
function scriptsOf(c: string): bigint {
  let set = cache.get(c);
  if (set !== undefined) return set;
  set = 0n;
  if (!SHARED.test(c)) {
    TESTS.forEach((re, k) => {
      if (re.test(c)) set! |= 1n << BigInt(k);
    });
    for (const [script, also] of CJK) if (set & script) set |= also;
    if (set === 0n) set = OTHER;
  }
  if (cache.size < 10_000) cache.set(c, set);
  return set;
}

/** A compatibility character: NFKC makes it another (ｍ, 𝐦, ﬁ, ²). */
const folds = (c: string) => c.normalize('NFKC') !== c.normalize('NFC');

const escaped = (c: string) => {
  const code = c.codePointAt(0)!;
  return code > 0xffff ? `\\u{${code.toString(16)}}` : `\\u${code.toString(16).padStart(4, '0')}`;
};

/** The characters of a word shown escaped: outside its main script when it mixes scripts, and compatibility ones. */
function lookalikesOf(word: string): Set<number> {
  const chars = [...word];
  const sets = chars.map(scriptsOf);
  const out = new Set<number>();
  chars.forEach((c, k) => {
    if (folds(c)) out.add(k);
  });
  const common = sets.reduce((all, s) => (s === 0n ? all : all & s), -1n);
  if (common !== 0n) return out;
  // Mixed: the script most of its letters share is its own; the others' letters are escaped (Latin kept on a tie).
  let main = bit('Latin');
  let most = 0;
  for (let k = 0; k <= SCRIPTS.length; k++) {
    const b = 1n << BigInt(k);
    const n = sets.filter((s) => s & b).length;
    if (n > most || (n === most && b === bit('Latin'))) [main, most] = [b, n];
  }
  sets.forEach((s, k) => {
    if (s !== 0n && !(s & main)) out.add(k);
  });
  return out;
}

/** The text with the letters that make a word look like another escaped; all else as it is. */
export function markLookalikes(text: string): string {
  if (!NOT_ASCII.test(text)) return text; // ASCII mixes no scripts and folds nothing
  return text.replace(WORD, (word) => {
    if (!NOT_ASCII.test(word)) return word;
    const odd = lookalikesOf(word);
    return odd.size === 0 ? word : [...word].map((c, k) => (odd.has(k) ? escaped(c) : c)).join('');
  });
}

/** Whether a name holds a letter that makes it look like another (a mixed-script word, a compatibility letter). */
export const looksLikeAnother = (name: string): boolean => markLookalikes(name) !== name;
