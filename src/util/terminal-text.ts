import { markLookalikes } from './lookalike-text.js';

/**
 * Text from a vault, written for a person. Names, file contents in a diff, source names and
 * messages were written by an agent that may be hijacked, and a file may legally be named
 * "\x1b]52;c;…\x07" (set the clipboard) or "\x1b[2J" (clear the screen). Printed raw, such bytes
 * drive the operator's terminal: retitle it, rewrite lines already shown, hide a finding, or on
 * some terminals answer back as typed input. What reaches a terminal (or a log someone will `cat`)
 * shows them instead, escaped the way a C string would be, so the operator sees exactly what is
 * there. Tab and newline stay: they are this text's own layout.
 *
 * Escaped: C0 controls, DEL, C1 controls (U+0080–U+009F: in UTF-8, U+009B is a CSI to several
 * terminals), and the bidirectional overrides and isolates that make text read in another order
 * than it is stored in ("Trojan Source"), and the zero-width characters that make two names look
 * the same (`ma\u200Bin` and `main`; the console's shownText escapes the same set), letters that
 * are drawn blank but are no space (U+2800, U+3164, U+115F…: 400 of them in a tag pushed the
 * console's "⚠ anomaly" out of view, red team 3), and letters of another script inside a word
 * (`m\u0430in`, a Cyrillic а: lookalike-text.ts).
 */

const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\u2800\u3164\ufeff\uffa0]/g;
/** The same set, not global: test() of a /g regex would keep a lastIndex between calls. */
const ANY_UNSAFE = new RegExp(UNSAFE.source);
const NAMED: Record<string, string> = { '\x1b': '\\e', '\r': '\\r', '\b': '\\b', '\f': '\\f', '\v': '\\v', '\0': '\\0' };

const hex = (c: string) => c.charCodeAt(0).toString(16).padStart(c.charCodeAt(0) > 0xff ? 4 : 2, '0');

export function terminalSafe(text: string): string {
  // Then the letters that make a name look like another (`m\u0430in`: lookalike-text.ts).
  return markLookalikes(text.replace(UNSAFE, (c) => NAMED[c] ?? (c.charCodeAt(0) > 0xff ? `\\u${hex(c)}` : `\\x${hex(c)}`)));
}

/**
 * JSON for the terminal or a pipe: the same value, with what JSON.stringify leaves raw (DEL, C1
 * controls, bidi overrides) written as \u escapes, which every JSON reader decodes back.
 */
export function jsonText(value: unknown, indent?: number): string {
  const text = JSON.stringify(value, null, indent);
  // a test first: replace() copies a 5 MB text even with nothing to replace (`snapshots --json` of a year of hourly backups, #14)
  return ANY_UNSAFE.test(text) ? text.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : text;
}

/**
 * A writer's text put inside one line of Bulkhead's own (a failed source's reason, a tag, an unread
 * path): its line breaks and tabs shown as \n, \r, \t. Kept raw, a reason ending in
 * "\n✔ source prod-db: restored and verified" printed a line that read as Bulkhead's own, under
 * posture, `ls`, a restore plan and the snapshots table. Honest reasons span lines too (a stream
 * command's stderr); they read as one here, and `--json` keeps them as they are.
 */
export function oneLine(text: string): string {
  return /[\n\r\t]/.test(text) ? text.replace(/[\n\r\t]/g, (c) => (c === '\n' ? '\\n' : c === '\r' ? '\\r' : '\\t')) : text;
}

