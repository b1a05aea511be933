import { createRequire } from 'node:module';
import type { Change } from 'diff';

/**
 * A line diff whose cost is bounded, for text a writer chose. jsdiff's Myers diff costs
 * O((N+M)·D): two 8,000-line files that share nothing took 17 s, two of 40,000 lines minutes of
 * the console's core or of `bulkhead diff`, with nothing else answered meanwhile. The edit length
 * the search may reach shrinks as the files grow (WORK / lines, between MIN_EDITS and MOST_EDITS),
 * with a wall-clock backstop; past it the files are "unaligned": their common first and last lines
 * are kept and the rest is one removed run and one added run, which the caller says.
 */
const WORK = 50_000_000;
const MOST_EDITS = 2_000;
const MIN_EDITS = 100;
const BACKSTOP_MS = 2_000;

export interface BoundedLineDiff {
  parts: Change[];
  /** false: the search gave up (more than `edits` changed lines); parts are prefix, removed, added, suffix. */
  aligned: boolean;
  edits: number;
}

const lineCount = (s: string): number => {
  let n = 0;
  for (let at = s.indexOf('\n'); at >= 0; at = s.indexOf('\n', at + 1)) n++;
  return n + 1;
};

/** The edit length a diff of these two texts may search to (deterministic: from their line counts). */
export function editBudget(before: string, after: string): number {
  return Math.max(MIN_EDITS, Math.min(MOST_EDITS, Math.floor(WORK / (lineCount(before) + lineCount(after)))));
}

type DiffModule = typeof import('diff');
// Loaded by the first diff, not at start-up.
const jsdiff = (): DiffModule => createRequire(import.meta.url)('diff') as DiffModule;

/** The options that bound a jsdiff call (diffLines, createTwoFilesPatch) on these texts. */
export const boundedOptions = (before: string, after: string): { maxEditLength: number; timeout: number } => ({ maxEditLength: editBudget(before, after), timeout: BACKSTOP_MS });

export function boundedDiffLines(before: string, after: string): BoundedLineDiff {
  const options = boundedOptions(before, after);
  const parts = jsdiff().diffLines(before, after, options);
  if (parts) return { parts, aligned: true, edits: options.maxEditLength };
  return { parts: unaligned(before, after), aligned: false, edits: options.maxEditLength };
}

/** Common leading and trailing lines kept; everything between them removed, then added. */
function unaligned(before: string, after: string): Change[] {
  const a = before.split(/(?<=\n)/);
  const b = after.split(/(?<=\n)/);
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const run = (lines: string[], added: boolean, removed: boolean): Change[] => (lines.length === 0 ? [] : [{ value: lines.join(''), count: lines.length, added, removed }]);
  return [
    ...run(a.slice(0, head), false, false),
    ...run(a.slice(head, a.length - tail), false, true),
    ...run(b.slice(head, b.length - tail), true, false),
    ...run(a.slice(a.length - tail), false, false),
  ];
}
