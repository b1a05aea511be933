import { z } from 'zod';
import { method } from './method.js';

/**
 * A folder change (added, removed, changed) or a git change: ref-deleted, ref-created, ref-moved,
 * ref-rewritten, tag-moved, default-branch-changed, repo-missing, pipeline-deleted/-added/-changed
 * (a pipeline change names its branch in `ref`; atDefaultBranch when it is the earlier side's default).
 */
export const changeView = z.object({
  type: z.string(),
  path: z.string().optional(),
  ref: z.string().optional(),
  kind: z.string().optional(),
  fields: z.array(z.string()).optional(),
  before: z.union([z.string(), z.object({ size: z.number(), mtime: z.string() })]).optional(),
  after: z.union([z.string(), z.object({ size: z.number(), mtime: z.string() })]).optional(),
  patch: z.string().optional(),
  atDefaultBranch: z.boolean().optional(),
  /** A forge (GitHub, GitLab) change: its repository, project or group, what in it, whether a restore can put it back and what cannot be. */
  scope: z.string().optional(),
  target: z.string().optional(),
  restorable: z.boolean().optional(),
  note: z.string().optional(),
});
export type ChangeView = z.infer<typeof changeView>;

export const sourceDiffView = z.object({
  name: z.string(),
  kind: z.string(),
  /** A forge's context: the forge's name ("GitHub"). Its changes go back with `forge.plan`, not as files. */
  forge: z.string().optional(),
  /** compared, added, removed, missing (a git source whose live repository is gone), not-comparable */
  status: z.string(),
  note: z.string().optional(),
  changes: z.array(changeView),
  counts: z.object({ added: z.number(), removed: z.number(), changed: z.number() }),
});

export type SourceDiffView = z.infer<typeof sourceDiffView>;

export const diffRow = z.object({
  kind: z.enum(['same', 'removed', 'added', 'changed']),
  left: z.string().nullable(),
  right: z.string().nullable(),
  leftNo: z.number().nullable(),
  rightNo: z.number().nullable(),
});
export type DiffRow = z.infer<typeof diffRow>;

/** aligned false: too different to align within the diff's budget of `edits` changed lines; rowsLeft: rows past the most one diff sends. */
export const fileDiffView = z.object({ path: z.string(), rows: z.array(diffRow), binary: z.boolean(), truncated: z.boolean(), aligned: z.boolean(), edits: z.number(), rowsLeft: z.number() });
export type FileDiffView = z.infer<typeof fileDiffView>;

export const diffMethods = {
  'diff.run': method(
    'Snapshot against snapshot, or against the live sources on this machine (to = "live"); with sources, those alone.',
    z.object({ vaultId: z.string().min(1), from: z.string().min(1), to: z.string().min(1), sources: z.array(z.string().min(1).max(256)).max(10_000).optional() }),
    z.object({ from: z.string(), to: z.string(), sources: z.array(sourceDiffView) }),
  ),
  'diff.file': method(
    'A side-by-side text diff of one file between a snapshot and another snapshot or the live file.',
    z.object({ vaultId: z.string().min(1), from: z.string().min(1), to: z.string().min(1), path: z.string().min(1) }),
    fileDiffView,
  ),
};
