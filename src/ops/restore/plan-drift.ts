import type { VaultReader } from '../../vault/reader.js';
import { git, redact } from '../../sources/git/git.js';
import { remoteState } from '../../sources/git/verify-repo.js';
import { withMirror, type GitSnapshotSource } from './git-mirror.js';
import { driftLines, pipelineDrift } from './pipeline-drift.js';
import { pipelineFileDrift } from './pipeline-file-drift.js';
import type { SelectionItem } from './selection-item.js';

type Push = { ref: string; commit: string };

/**
 * The refs a restore would push whose pipeline files differ from the live repository, said in the
 * plan, before the operator consents: the run refuses them (pipeline-drift.ts) unless allowed, and
 * an operator who learns it only then has already typed the confirmation. Computed as the run
 * computes it (the snapshot's mirror, the live default branch fetched into it read-only), on the
 * refs that would move. What cannot be compared now is said too: the run compares again.
 */
export async function driftAtPlan(reader: VaultReader, found: GitSnapshotSource, target: string, pushes: readonly Push[]): Promise<string[]> {
  try {
    const state = await remoteState(target);
    const live = state?.refs;
    if (live === undefined) return [`pipelines not compared: ${redact(target)} cannot be reached now; the restore compares them before it pushes and refuses what differs`];
    const moving = pushes.filter((p) => live[p.ref] !== p.commit);
    if (moving.length === 0) return [];
    const { base, drift } = await withMirror(reader, found, (mirror) => pipelineDrift(mirror, target, moving, state!.head));
    return driftLines(base, drift);
  } catch (e) {
    return notCompared(target, e);
  }
}

/** A pipeline file put back on a review branch (`--pipeline`, the console's pipeline items): its line if the live repository never ran it. */
export async function pipelineFileDriftAtPlan(reader: VaultReader, found: GitSnapshotSource, target: string, branch: string, path: string): Promise<string[]> {
  try {
    const head = found.manifest.defaultBranch;
    if (!head) return [];
    const { base, drift } = await withMirror(reader, found, async (mirror) => {
      const blob = await git(['rev-parse', '--verify', '--quiet', `refs/heads/${head}:${path}`], { gitDir: mirror, okCodes: [0, 1, 128] });
      return blob.code === 0 ? pipelineFileDrift(mirror, target, branch, path, blob.stdout.toString().trim()) : { base: null, drift: [] };
    });
    return driftLines(base, drift);
  } catch (e) {
    return notCompared(target, e);
  }
}

/**
 * The console's items that push into live repositories (refs put back, or beside as review
 * branches, and pipeline files on review branches), each given the drift lines of its own ref: one
 * mirror per repository and address for refs, one per pipeline item.
 */
export async function withDriftAtPlan(reader: VaultReader, found: (repo: string) => Promise<GitSnapshotSource | undefined>, items: SelectionItem[]): Promise<SelectionItem[]> {
  const groups = new Map<string, Extract<SelectionItem, { type: 'git-ref' }>[]>();
  for (const i of items) if (i.type === 'git-ref' && !i.exists) groups.set(`${i.repo}\0${i.remote}`, [...(groups.get(`${i.repo}\0${i.remote}`) ?? []), i]);
  const lines = new Map<SelectionItem, string[]>();
  for (const group of groups.values()) {
    const first = group[0]!;
    const source = await found(first.repo);
    if (!source) continue;
    const said = await driftAtPlan(reader, source, first.remote, group.map((i) => ({ ref: i.pushAs ?? i.ref, commit: i.commit })));
    // A line names its ref ("REF RUNS CI: …"); one that names none (not compared) belongs to each.
    for (const i of group) lines.set(i, said.filter((l) => l.startsWith(`${i.pushAs ?? i.ref} `) || !group.some((g) => l.startsWith(`${g.pushAs ?? g.ref} `))));
  }
  for (const i of items) {
    if (i.type !== 'git-pipeline' || i.exists) continue;
    const source = await found(i.repo);
    if (source) lines.set(i, await pipelineFileDriftAtPlan(reader, source, i.remote, i.branch, i.pipeline));
  }
  return items.map((i) => (lines.get(i)?.length ? { ...i, runsCi: lines.get(i)! } : i));
}

/** What a plan says when the comparison failed: the run compares again before it pushes. */
function notCompared(target: string, e: unknown): string[] {
  const why = e instanceof Error ? e.message : String(e);
  return [`pipelines not compared with ${redact(target)} (${why}); the restore compares them before it pushes and refuses what differs`];
}
