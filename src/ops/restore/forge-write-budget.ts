import type { ForgeChange } from '../../sources/forge/forge-change.js';
import type { WriteCount } from '../../sources/github/write-count.js';

/**
 * The write calls one forge restore makes with the operator's token, at most, unless the operator
 * raises it (`--max-writes`). A snapshot's documents are its writer's word: a recreated repository
 * "with 1,000,000 comments" was 1,000,000 posts under the operator's name, each notifying people,
 * days of the token's rate limit (GitHub allows ~500 content-creating requests an hour) and a
 * secondary-limit ban for the account. 10,000 writes is a large repository recreated in full.
 */
export const DEFAULT_MAX_WRITES = 10_000;

/** GitHub's documented ceiling on requests that create content (issues, comments, releases), per hour. */
const CONTENT_PER_HOUR = 500;

/** The plan's count in words: how many writes and how long they take at the forge's pacing. */
export function writesInWords(w: WriteCount): string {
  const hours = Math.max(w.writes / 3600, w.content / CONTENT_PER_HOUR);
  const time = hours >= 1 ? `${hours.toFixed(1)} hours` : `${Math.max(1, Math.ceil(hours * 60))} minutes`;
  return `${w.writes.toLocaleString('en-US')} write calls (${w.content.toLocaleString('en-US')} creating issues, comments or releases), at least ${time} at the forge's pace`;
}

/**
 * Admits the planned steps in order while their writes fit `max`; a step past it is held back,
 * returned not restorable with a note saying its count and the flag that admits it. The plan says
 * the total before the operator confirms.
 */
export function holdBackPastWrites<S extends { change: ForgeChange; writes?: number }>(steps: S[], max: number, count: (c: S['change']) => WriteCount): { steps: S[]; held: S['change'][]; total: WriteCount } {
  const total: WriteCount = { writes: 0, content: 0 };
  const kept: S[] = [];
  const held: S['change'][] = [];
  for (const s of steps) {
    const w = count(s.change);
    if (total.writes + w.writes > max) {
      const need = total.writes + w.writes;
      held.push({ ...s.change, restorable: false, note: `restoring it would make ${writesInWords(w)}, past the ${max.toLocaleString('en-US')} this restore makes at most (its snapshot's documents are its writer's word): held back; to restore it anyway raise the limit: --max-writes ${need}` });
      continue;
    }
    total.writes += w.writes;
    total.content += w.content;
    kept.push({ ...s, writes: w.writes });
  }
  return { steps: kept, held, total };
}
