import type { SourceDiffView as SourceDiff } from '../../../src/api/diff-methods.js';

type Change = SourceDiff['changes'][number];

/** A change as a noun and a verb, so a count says what it counts ("32 files removed", not "32 removed"). */
const WORDS: Record<string, [string, string, string]> = {
  'ref-deleted': ['ref', 'refs', 'deleted'],
  'ref-rewritten': ['ref', 'refs', 'rewritten (history replaced)'],
  'tag-moved': ['tag', 'tags', 'moved'],
  'repo-missing': ['repository', 'repositories', 'gone'],
  'pipeline-deleted': ['pipeline', 'pipelines', 'removed'],
  'pipeline-changed': ['pipeline', 'pipelines', 'changed'],
  'default-branch-changed': ['default branch', 'default branches', 'changed'],
  'ref-moved': ['ref', 'refs', 'moved forward'],
  'ref-created': ['ref', 'refs', 'created'],
  'pipeline-added': ['pipeline', 'pipelines', 'added'],
};
const ENTRY: Record<string, [string, string]> = { file: ['file', 'files'], dir: ['folder', 'folders'], symlink: ['symlink', 'symlinks'] };
// What was lost first, then what was altered, then what is new.
const ORDER = ['deleted', 'removed', 'gone', 'rewritten (history replaced)', 'moved', 'changed', 'moved forward', 'created', 'added'];

function words(c: Change): [string, string, string] {
  const git = WORDS[c.type];
  if (git) return git;
  // A forge's typed change ("secret-deleted", "branch-protection-changed"): its own noun and verb.
  const forge = /^(.+)-([a-z]+)$/.exec(c.type);
  if (forge && !c.kind) {
    const noun = forge[1]!.replace(/-/g, ' ');
    return [noun, noun.endsWith('y') ? `${noun.slice(0, -1)}ies` : `${noun}s`, forge[2]!];
  }
  const [one, many] = ENTRY[c.kind ?? ''] ?? ['other entry', 'other entries'];
  return [one, many, c.type];
}

/**
 * The changes of some sources counted by kind, in words, losses first: "1 ref deleted · 1 pipeline
 * removed · 32 files removed · 2 folders removed" (CONSOLE.md: counts by kind first). Empty: none.
 */
export function countsByKind(sources: Pick<SourceDiff, 'changes'>[]): string[] {
  const counts = new Map<string, { n: number; w: [string, string, string] }>();
  for (const s of sources)
    for (const c of s.changes) {
      const w = words(c);
      const key = `${w[0]}\0${w[2]}`;
      const seen = counts.get(key);
      if (seen) seen.n++;
      else counts.set(key, { n: 1, w });
    }
  return [...counts.values()]
    .sort((a, b) => ORDER.indexOf(a.w[2]) - ORDER.indexOf(b.w[2]))
    .map(({ n, w }) => `${n.toLocaleString('en')} ${n === 1 ? w[0] : w[1]} ${w[2]}`);
}

/** A change that takes something away: gone, deleted, rewritten, moved off its commit. Not an edit or an addition. */
export const isLoss = (c: Change): boolean => /^(removed|ref-deleted|ref-rewritten|tag-moved|repo-missing)$|-(deleted|removed)$/.test(c.type);
