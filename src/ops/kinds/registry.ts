import type { SourceKind } from '../../sources/source.js';
import { redact } from '../../sources/git/git.js';
import { diffTree } from '../diff/tree-diff.js';
import { diffGit } from '../diff/diff-git.js';
import { diffGithub } from '../diff/diff-github.js';
import { diffGitlab } from '../diff/diff-gitlab.js';
import { drillFiles } from '../drills/drill-files.js';
import { drillGit } from '../drills/drill-git.js';
import { drillGithub } from '../drills/drill-github.js';
import { drillGitlab } from '../drills/drill-gitlab.js';
import { githubRestore } from '../restore/restore-github.js';
import { gitlabRestore } from '../restore/restore-gitlab.js';
import type { ForgeRestore } from '../restore/forge-restore.js';
import { isBulkheadError } from '../../util/errors.js';
import { newInLater, type DiffSides, type KindOps } from './kind-ops.js';
import type { DiffOutcome, SourceChange } from '../diff/source-diff.js';

/** A forge account's typed context changes (its repositories' git data are the git records beside it). */
const forgeDiff = (changes: (s: DiffSides) => Promise<SourceChange[]>) => async (s: DiffSides): Promise<DiffOutcome> => {
  if (!s.sa) return newInLater(s);
  const found = await untrusted(() => changes(s));
  return Array.isArray(found) ? { status: s.b && !s.sb ? 'removed' : 'compared', changes: found } : found;
};

/** The changes, or: a live side this machine does not contact (a forged locator?) is not compared, and the note says why. */
async function untrusted<T>(compare: () => Promise<T>): Promise<T | DiffOutcome> {
  try {
    return await compare();
  } catch (e) {
    if (isBulkheadError(e, 'UNTRUSTED_SOURCE')) return { status: 'not-comparable', note: e.message, changes: [] };
    throw e;
  }
}

const OPS: readonly KindOps[] = [
  { kind: 'dir', diff: (s) => diffTree(s, { live: true }), drill: drillFiles('folder') },
  { kind: 'stream', diff: (s) => diffTree(s, { live: false, timeless: true }), drill: drillFiles('stream'), notInPlace: 'a stream has no place on disk to go back to' },
  {
    kind: 'git',
    async diff(s) {
      if (!s.sa) return newInLater(s);
      const changes = await untrusted(() => diffGit(s.reader, s.a, s.b, s.name));
      if (!Array.isArray(changes)) return changes;
      if (s.b) return { status: s.sb ? 'compared' : 'removed', changes };
      const gone = changes.some((c) => c.type === 'repo-missing');
      return gone ? { status: 'missing', note: `the live repository ${redact(s.sa.locator)} is gone or has no refs`, changes } : { status: 'compared', changes };
    },
    drill: drillGit,
    notInPlace: 'refs and pipelines go back into the live repository; its files go into a folder',
  },
  { kind: 'github', diff: forgeDiff((s) => diffGithub(s.reader, s.a, s.b, s.name)), drill: (d) => drillGithub(d.reader, d.snap, d.record, d.forge, d.step), forge: githubRestore, notInPlace: 'its context goes back into GitHub with a forge restore; its documents go into a folder' },
  { kind: 'gitlab', diff: forgeDiff((s) => diffGitlab(s.reader, s.a, s.b, s.name)), drill: (d) => drillGitlab(d.reader, d.snap, d.record, d.forge, d.step), forge: gitlabRestore, notInPlace: 'its context goes back into GitLab with a forge restore; its documents go into a folder' },
];

/** The one place the operator's verbs learn what a kind of source does (sources/registry.ts is the agent's). */
export function kindOps(kind: SourceKind): KindOps {
  const ops = OPS.find((o) => o.kind === kind);
  if (!ops) throw new Error(`no operations for source kind ${kind}`); // the record schema admits only registered kinds
  return ops;
}

/** The restores into a forge, one per kind that has one. */
export const forgeRestores = (): ForgeRestore[] => OPS.flatMap((o) => (o.forge ? [o.forge] : []));

/** A kind's restore into its forge, when it is a forge kind (a name from a snapshot may be any kind, or none). */
export const forgeRestoreOf = (kind: string | undefined): ForgeRestore | undefined => OPS.find((o) => o.kind === kind)?.forge;
