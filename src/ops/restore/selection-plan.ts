import { isInPlaceRoot, notInPlaceRoot, resolvedNow } from './in-place-roots.js';
import { snapshotFor } from '../snapshot-ref.js';
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { VaultReader } from '../../vault/reader.js';
import { type SnapshotInfo } from '../../vault/snapshot-list.js';
import type { GitManifest } from '../../sources/git/manifest.js';
import { BulkheadError } from '../../util/errors.js';
import { relativePathProblem } from '../../vault/names.js';
import { gitSource, type GitSnapshotSource } from './git-mirror.js';
import { listGitPath } from './git-path-listing.js';
import { refAt, refTree } from '../browse/ref-tree.js';
import { planRestore, plannedGaps, type RestorePlan } from './restore-plan.js';
import { planPipeline, planRef } from './selection-plan-live.js';
import { withDriftAtPlan } from './plan-drift.js';
import { inPlaceItem } from './in-place-item.js';
import { planGitInPlace } from './git-in-place-plan.js';
import type { Conflict } from './in-place-plan.js';
import type { SelectionItem } from './selection-item.js';

const SHOWN = 20;

export interface SelectionPlan {
  snap: SnapshotInfo;
  target: string;
  items: SelectionItem[];
  files: number;
  bytes: number;
  /** Why the restore cannot run as planned; empty when it can. */
  blocked: string[];
  /** Back where it was (each dir source's live folder), with this choice for what is there now. */
  inPlace?: Conflict;
}

/**
 * The console's restore plan for several items of one snapshot into one target folder. Each item
 * lands under the target by its own name; nothing that already exists is ever replaced. With
 * inPlace, files and folders go back where the snapshot found them instead (in-place-plan.ts).
 */
export async function planSelection(reader: VaultReader, snapshot: string, paths: string[], targetPath: string, inPlace?: Conflict, inPlaceRoots: readonly string[] = []): Promise<SelectionPlan> {
  const snap = await snapshotFor(reader, snapshot);
  const planned: SelectionItem[] = [];
  const now = new Date();
  for (const path of [...new Set(paths)]) planned.push(await planItem(reader, snap, path.replace(/^\/+|\/+$/g, ''), resolve(targetPath), inPlace && { conflict: inPlace, now }));
  const items = await withDriftAtPlan(reader, (repo) => gitSource(reader, snap.id, repo), planned);
  // Back in place, the folder written into is the (first) live folder: its name is what is typed.
  const live = items.map((i) => (i.type === 'in-place' ? i.layout.liveRoot : i.type === 'git-in-place' ? i.liveRoot : undefined)).find(Boolean);
  const target = inPlace ? (live ?? '') : resolve(targetPath);
  const blocked: string[] = [];
  const seen = new Map<string, string>();
  for (const item of items) {
    // Back in place only into folders the operator listed: where a source "lives" is the writer's word.
    const root = item.type === 'in-place' ? item.layout.liveRoot : item.type === 'git-in-place' ? item.liveRoot : undefined;
    if (root && !isInPlaceRoot(inPlaceRoots, root)) blocked.push(notInPlaceRoot(root, item.source.split('/')[0]!));
    if (root && (item.type === 'in-place' || item.type === 'git-in-place')) item.liveReal = resolvedNow(root); // the run checks it still leads there
    if (item.exists) blocked.push(item.existsWhy ?? `${item.destination} already exists; choose another target folder (the console never overwrites)`);
    const other = seen.get(item.destination);
    if (other) blocked.push(`${other} and ${item.source} would both land at ${item.destination}; restore them one at a time`);
    seen.set(item.destination, item.source);
    const outer = items.find((o) => o !== item && o.type === 'in-place' && item.type === 'in-place' && item.destination.startsWith(`${o.destination}/`));
    if (outer) blocked.push(`${item.source} is inside ${outer.source}, which is restored too; choose one of them`);
    if (item.type === 'git-path' || item.type === 'git-in-place') {
      const sameRepo = items.filter((i) => i.type === item.type && i.repo === item.repo);
      if (sameRepo.length > 1 && sameRepo[0] === item) blocked.push(`pick one file or folder of ${item.repo} per restore (${sameRepo.length} chosen)`);
    }
  }
  if (!inPlace && items.some((i) => i.destination.startsWith(`${target}/`) || i.destination === target)) {
    const why = targetProblem(target);
    if (why) blocked.push(why);
  }
  const sum = (k: 'files' | 'bytes') => items.reduce((n, i) => n + i[k], 0);
  return { snap, target, items, files: sum('files'), bytes: sum('bytes'), blocked, ...(inPlace && { inPlace }) };
}

const isDir = (path: string): boolean => statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false;

/**
 * Why nothing could be written under `target`, found at plan time rather than halfway through a run:
 * it, or the nearest part of its path that exists, is a file, or that folder is not this user's to
 * write into.
 */
function targetProblem(target: string): string | undefined {
  let at = target;
  while (!existsSync(at) && dirname(at) !== at) at = dirname(at);
  if (!isDir(at)) return at === target ? `${target} is a file; choose a folder` : `${at} is a file, where ${target} needs a folder; choose another target`;
  try {
    accessSync(at, constants.W_OK | constants.X_OK);
  } catch {
    return `this user cannot write into ${at}; choose a folder it can write to`;
  }
  return undefined;
}

async function planItem(reader: VaultReader, snap: SnapshotInfo, path: string, target: string, inPlace?: { conflict: Conflict; now: Date }): Promise<SelectionItem> {
  const [name, section, ...rest] = path.split('/');
  const repo = await gitSource(reader, snap.id, name!);
  const at = repo && section === 'refs' ? refAt(repo.manifest, rest.join('/')) : undefined;
  // A file or folder at a ref (browse's REPO/refs/REF/PATH): into the target, or back into the working copy.
  if (repo && at?.path) return inPlace ? planGitInPlace(reader, repo, at, path, inPlace.conflict, inPlace.now) : planGitAt(reader, repo, at, path, target);
  if (repo && section === 'refs' && rest.length > 0) return planRef(repo.manifest, repo.source.locator, name!, rest.join('/'), path, snap.id);
  if (repo && section === 'pipelines' && rest.length > 0) return planPipeline(repo.manifest, repo.source.locator, name!, rest.join('/'), path, snap.id);
  if (inPlace) return inPlaceItem(reader, snap, path, inPlace.conflict, inPlace.now);
  if (repo) return planGit(repo.manifest, name!, section, rest.join('/'), path, target);
  const plan = await planRestore(reader, snap, path);
  const single = plan.items.length === 1 && !plan.rootEntry && plan.items[0]!.entry.kind !== 'dir';
  const leaf = single ? plan.items[0]!.display : basename(path);
  const destination = join(target, leaf);
  return {
    type: 'tree',
    source: path,
    path,
    destination,
    // A directory's contents go into its own new folder; a file goes into the target folder.
    restoreInto: single ? target : destination,
    kind: single ? plan.items[0]!.entry.kind : 'dir',
    files: plan.files,
    bytes: plan.bytes,
    exists: existsSync(destination),
    writes: plan.items.slice(0, SHOWN).map((i) => (single ? i.display : `${leaf}/${i.display}`)),
    ...leftOutOf(plan),
  };
}

/** Said before the operator confirms, not only after the run: what this item will not write, and why. */
function leftOutOf(plan: RestorePlan): { leftOut?: string[] } {
  const all = [...plannedGaps(plan), ...plan.refused];
  if (all.length === 0) return {};
  const shown = all.slice(0, SHOWN).map((f) => `${f.path}: ${f.reason}`);
  return { leftOut: all.length > SHOWN ? [...shown, `and ${all.length - SHOWN} more`] : shown };
}

function planGit(m: GitManifest, repo: string, section: string | undefined, rest: string, source: string, target: string): SelectionItem {
  if (!section) {
    const destination = join(target, `${repo}.git`);
    const refs = Object.keys(m.refs);
    return { type: 'git-repo', source, repo, destination, kind: 'repository', files: m.files.length, bytes: 0, exists: existsSync(destination), writes: refs.slice(0, SHOWN).map((r) => `${repo}.git: ${r}`) };
  }
  if (section !== 'files' || !rest) {
    throw new BulkheadError('USAGE', `${source}: the console restores a whole repository, a ref under ${repo}/refs, a pipeline under ${repo}/pipelines, or files under ${repo}/files`);
  }
  if (!m.defaultBranch) throw new BulkheadError('NOT_FOUND', `${repo} had no default branch in this snapshot`);
  const bad = relativePathProblem(rest); // the manifest's paths come from the writer: never trusted as paths
  if (bad) throw new BulkheadError('USAGE', `${source}: the path ${bad}`);
  const files = m.files.filter(([p]) => p === rest || p.startsWith(`${rest}/`));
  if (files.length === 0) throw new BulkheadError('NOT_FOUND', `${rest} is not in ${repo} at ${m.defaultBranch}`);
  const restoreInto = join(target, repo);
  return {
    type: 'git-path',
    source,
    repo,
    gitPath: rest,
    at: m.defaultBranch,
    destination: join(restoreInto, rest),
    restoreInto,
    kind: files.length === 1 && files[0]![0] === rest ? 'file' : 'dir',
    files: files.length,
    bytes: files.reduce((n, f) => n + f[3], 0),
    exists: existsSync(join(restoreInto, rest)) || (existsSync(restoreInto) && !isDir(restoreInto)),
    writes: files.slice(0, SHOWN).map(([p]) => `${repo}/${p}`),
  };
}

/** A file or folder of a repository at a ref's commit (as `restore --at REF --path PATH`), into TARGET/REPO/PATH. */
async function planGitAt(reader: VaultReader, found: GitSnapshotSource, at: { ref: string; commit: string; path: string }, source: string, target: string): Promise<SelectionItem> {
  const repo = found.source.name;
  const files = await listGitPath(reader, found, at.commit, at.path);
  const sizes = new Map((await refTree(reader, found, at.commit)).map((f) => [f.path, f.size ?? 0])); // Browse listed it: kept
  const restoreInto = join(target, repo);
  return {
    type: 'git-path',
    source,
    repo,
    gitPath: at.path,
    at: at.commit,
    destination: join(restoreInto, at.path),
    restoreInto,
    kind: files.length === 1 && files[0]!.path === at.path ? 'file' : 'dir',
    files: files.length,
    bytes: files.reduce((n, f) => n + (sizes.get(f.path) ?? 0), 0),
    exists: existsSync(join(restoreInto, at.path)) || (existsSync(restoreInto) && !isDir(restoreInto)),
    writes: files.slice(0, SHOWN).map((f) => `${repo}/${f.path}${f.mode === '160000' ? ' (submodule: not in this backup)' : ''} at ${at.ref}`),
  };
}
