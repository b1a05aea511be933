import type { ChangeView } from '../../../src/api/diff-methods.js';

/** What `forge.plan` takes back to plan this change alone (the CLI's `--only SCOPE:TYPE:TARGET`). */
export const forgeKey = (c: ChangeView) => `${c.scope ?? ''}:${c.type}:${c.target ?? ''}`;

/** A forge change's kind in words: "secret-deleted" → "secret deleted". */
export const forgeLabel = (type: string) => type.replace(/-/g, ' ');

const GONE = /-(deleted|removed|unprotected|missing)$|^repo-deleted$|^project-deleted$|marked-for-deletion$/;
/** The mark shown before a change: gone, weakened (a protection, the Actions policy, CI settings: ⚠ as a rewritten ref is), added, or changed. */
export const forgeMark = (type: string) => (GONE.test(type) ? '−' : type.endsWith('-weakened') ? '⚠' : type.endsWith('-added') ? '+' : '~');
