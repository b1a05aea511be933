import { existsSync, readdirSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { VaultReader } from '../../vault/reader.js';
import { snapshotFor } from '../snapshot-ref.js';
import { fullRefName, noRef } from './ref-name.js';
import { BulkheadError } from '../../util/errors.js';
import { gitSource, type GitSnapshotSource } from './git-mirror.js';
import { planRestore, type RestorePlan } from './restore-plan.js';
import { listGitPath } from './git-path-listing.js';
import { isGitRemote } from './git-target.js';
import type { SelectionItem } from './selection-item.js';
import type { SelectionPlan } from './selection-plan.js';
import { driftAtPlan, pipelineFileDriftAtPlan } from './plan-drift.js';

/** One restore as the CLI asks for it: SNAPSHOT[:NAME[/PATH]] into exactly TARGET, with its flags. */
export interface RestoreRequest {
  snapshot: string;
  path: string;
  target: string;
  overwrite?: boolean;
  /** git: only these refs, replace refs at another commit, restore what exists of an incomplete repository. */
  refs?: string[];
  force?: boolean;
  allowIncomplete?: boolean;
  /** git: a file or folder (gitPath) of the repository at a commit or ref (at). */
  at?: string;
  gitPath?: string;
  /** git: a pipeline file put back on a new branch (asBranch) of the repository at target. */
  pipeline?: string;
  asBranch?: string;
  /** Only listed, not run: the files of --at at a commit other than the default branch are listed from the mirror. */
  dryRun?: boolean;
}

export interface RequestPlan {
  plan: SelectionPlan;
  /** A files restore: what the tree walk found (packs to read, entries refused or unreadable). */
  tree?: RestorePlan;
}

const SHOWN = 20;
const short = (ref: string) => ref.replace(/^refs\/heads\//, '');

/**
 * The plan of one CLI restore, the same kind of plan the console runs (runSelection): one item that
 * lands at the target itself. A git source is planned as git (its refs, files at a commit, a
 * pipeline), never as the files of its mirror, so a dry run lists what the restore will write.
 */
export async function planRequest(reader: VaultReader, req: RestoreRequest): Promise<RequestPlan> {
  const [name = '', section, ...rest] = req.path.split('/');
  const snap = await snapshotFor(reader, req.snapshot, name || undefined);
  const target = req.target.includes('://') ? req.target : resolve(req.target);
  const gitFlag = req.pipeline ? '--pipeline' : req.at || req.gitPath ? '--at/--path' : (req.refs?.length ?? 0) > 0 ? '--ref' : undefined;
  const found = name && (gitFlag || !section || section === 'files' || section === 'refs') ? await gitSource(reader, snap.id, name) : undefined;
  if (gitFlag && (!found || (section !== undefined && !(gitFlag === '--ref' && section === 'refs')))) {
    throw new BulkheadError('USAGE', `${gitFlag} applies to git sources; "${req.path}" is not one in snapshot ${snap.id}`);
  }
  const plan = (item: SelectionItem, blocked: string[] = [], into = target): SelectionPlan => ({ snap, target: into, items: [item], files: item.files, bytes: item.bytes, blocked });
  if (found) {
    const into = isGitRemote(req.target) ? req.target : target; // git@host:owner/repo.git is a remote, not a path
    const planned = await gitItem(reader, found, req, section, rest.join('/'), into);
    const item = req.dryRun ? await withDrift(reader, found, planned, into) : planned; // a run compares before it pushes
    return { plan: plan(item, item.existsWhy ? [item.existsWhy] : [], into) };
  }
  const tree = await planRestore(reader, snap, req.path, { runsNext: !req.dryRun });
  const single = tree.items.length === 1 && !tree.rootEntry && tree.items[0]!.entry.kind !== 'dir';
  const state = targetState(target);
  const blocked = state === 'file' ? [`${target} is a file; restore into a directory`] : state === 'non-empty' && !req.overwrite ? [`${target} is not empty; choose an empty or new folder, or pass --overwrite to replace what the snapshot holds`] : [];
  const item: SelectionItem = {
    type: 'tree',
    source: req.path,
    path: req.path,
    destination: target,
    restoreInto: target,
    overwrite: !!req.overwrite,
    kind: single ? tree.items[0]!.entry.kind : 'dir',
    files: tree.files,
    bytes: tree.bytes,
    exists: blocked.length > 0,
    writes: tree.items.slice(0, SHOWN).map((i) => (i.entry.kind === 'dir' ? `${i.display}/` : i.display)),
  };
  return { plan: plan(item, blocked), tree };
}

function targetState(target: string): 'missing' | 'empty' | 'non-empty' | 'file' {
  const st = statSync(target, { throwIfNoEntry: false });
  if (!st) return 'missing';
  if (!st.isDirectory()) return 'file';
  return readdirSync(target).length === 0 ? 'empty' : 'non-empty';
}

async function gitItem(reader: VaultReader, found: GitSnapshotSource, req: RestoreRequest, section: string | undefined, rest: string, target: string): Promise<SelectionItem> {
  const repo = found.source.name;
  const m = found.manifest;
  const base = { source: req.path, repo, exists: false };
  if (req.pipeline) {
    if (!req.asBranch) throw new BulkheadError('USAGE', '--pipeline needs --as-branch NAME: the restored pipeline goes on a new branch');
    const size = m.files.find(([p]) => p === req.pipeline)?.[3] ?? 0;
    const writes = [`${req.pipeline} on a new branch ${req.asBranch} off the live default branch of ${target}, as the snapshot holds it at ${m.defaultBranch ?? 'its default branch'}`];
    return { ...base, type: 'git-pipeline', pipeline: req.pipeline, branch: req.asBranch, remote: req.target, destination: `${target} branch ${req.asBranch}`, kind: 'pipeline', files: 1, bytes: size, writes };
  }
  if (req.at || req.gitPath || section === 'files') {
    const at = req.at ?? m.defaultBranch;
    const gitPath = req.gitPath ?? rest;
    if (!at || !gitPath) throw new BulkheadError('USAGE', '--at REF and --path PATH go together');
    const files = req.dryRun || short(at) === short(m.defaultBranch ?? '') ? await listGitPath(reader, found, at, gitPath) : [];
    const writes = files.slice(0, SHOWN).map((f) => (f.mode === '160000' ? `${f.path} (submodule: not in this backup)` : f.path));
    return { ...base, type: 'git-path', gitPath, at, destination: target, restoreInto: target, kind: files.length === 1 && files[0]!.path === gitPath ? 'file' : 'dir', files: files.length, bytes: files.reduce((n, f) => n + f.size, 0), exists: existsSync(target) && readdirSync(target).length > 0, writes };
  }
  const named = section === 'refs' && rest ? [rest, ...(req.refs ?? [])] : (req.refs ?? []);
  const refs = named.map((ref) => fullRefName(m.refs, ref, `${repo} in snapshot ${found.snap.id}`) ?? noRef(found.snap.id, repo, ref));
  const chosen = refs.length > 0 ? refs : Object.keys(m.refs);
  // A whole repository lands in a new or empty folder: a dry run says so before the run would.
  const remote = isGitRemote(target);
  const state = refs.length > 0 || remote ? 'missing' : targetState(target);
  const existsWhy = state === 'file' ? `${target} is a file; choose a new path for the restored repository` : state === 'non-empty' && !req.force ? `${target} is not empty; choose a new path for the restored repository, or pass --force to replace it` : undefined;
  const writes = chosen.slice(0, SHOWN).map((r) => `${r} → ${m.refs[r]!.slice(0, 12)}`);
  return {
    ...base,
    type: 'git-repo',
    destination: target,
    refs,
    force: !!req.force,
    allowIncomplete: !!req.allowIncomplete,
    exists: existsWhy !== undefined,
    ...(existsWhy && { existsWhy }),
    kind: 'repository',
    files: refs.length > 0 ? 0 : m.files.length,
    bytes: 0,
    // Chosen refs are pushed into the repository that is there (a path or a URL); a whole one is a new bare repository at a path.
    writes: [`${refs.length > 0 || remote ? 'push to' : 'a bare repository at'} ${target}: ${chosen.length} ref${chosen.length === 1 ? '' : 's'}`, ...writes],
  };
}

/**
 * A dry run of a push (chosen refs into a repository, or a whole one into a remote) names the refs
 * whose pipeline files differ from the live default branch, as the run would refuse them.
 */
async function withDrift(reader: VaultReader, found: GitSnapshotSource, item: SelectionItem, target: string): Promise<SelectionItem> {
  if (item.type === 'git-pipeline') {
    const runsCi = await pipelineFileDriftAtPlan(reader, found, item.remote, item.branch, item.pipeline);
    return runsCi.length > 0 ? { ...item, runsCi } : item;
  }
  if (item.type !== 'git-repo' || item.exists) return item;
  const chosen = item.refs && item.refs.length > 0 ? item.refs : isGitRemote(target) ? Object.keys(found.manifest.refs).filter((r) => !found.manifest.incomplete?.refs.includes(r)) : [];
  if (chosen.length === 0) return item; // a whole repository at a path: a new bare repository, no push
  const runsCi = await driftAtPlan(reader, found, target, chosen.map((ref) => ({ ref, commit: found.manifest.refs[ref]! })));
  return runsCi.length > 0 ? { ...item, runsCi } : item;
}
