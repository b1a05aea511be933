import { looksLikeAnother } from '../../util/lookalike-text.js';

/** Words that confirm anything: typed by reflex, they confirm nothing. */
const ASSENT = new Set(['y', 'yes', 'ok', 'okay', 'sure', 'true', 'confirm', 'go', 'do', 'it', 'restore', 'run', 'apply', 'push', 'proceed']);

/** Letters, digits, punctuation and symbols only: no spaces, controls, invisible or direction marks. */
const VISIBLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]+$/u;
const MIN = 3;

/**
 * What the operator types to confirm a restore, from a name a snapshot's writer chose (a source's,
 * an account's, a group's). A hijacked writer can choose "y", a space, an invisible character or a
 * word typed by reflex, and the typed confirmation would mean nothing. Such a name is kept only
 * inside a longer word: `restore-NAME` when it is visible but short or an assent word, and
 * `restore-FALLBACK` (the snapshot's id, say) when it cannot be read at all.
 */
export function deliberateWord(name: string, fallback: string): string {
  // A name that looks like another (`prоd-db`, a Cyrillic о) cannot be typed from what is shown: the snapshot's word instead.
  if (!VISIBLE.test(name) || looksLikeAnother(name)) return `restore-${fallback}`;
  return name.length >= MIN && !ASSENT.has(name.toLowerCase()) ? name : `restore-${name}`;
}
