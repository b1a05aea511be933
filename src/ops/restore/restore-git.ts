import { existsSync, promises as fsp } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { VaultReader } from '../../vault/reader.js';
import type { GitManifest } from '../../sources/git/manifest.js';
import { git } from '../../sources/git/git.js';
import { isPlainRefName } from '../../sources/git/mirror-refs.js';
import { isGitRemote } from './git-target.js';
import { remoteHead, remoteRefs, remoteState, verifyRepo } from '../../sources/git/verify-repo.js';
import { pushLfs } from '../../sources/git/lfs.js';
import { submoduleNotes } from '../../sources/git/submodules.js';
import { BulkheadError } from '../../util/errors.js';
import { requireGitSource, withMirror } from './git-mirror.js';
import { failedNote } from '../backup/failed-sources.js';
import { requireSharedHistory } from '../../sources/git/shared-history.js';
import { requirePipelineConsent } from './pipeline-drift.js';
import { pushToLive } from './live-push.js';
import { fullRefName, noRef } from './ref-name.js';

export interface GitRestoreArgs {
  reader: VaultReader;
  snapshot: string;
  name: string;
  /** A path (a bare repository is created there) or a remote URL. */
  target: string;
  refs: string[];
  /** Push a chosen ref under another name (a rewritten branch restored as a new branch for review). */
  pushAs?: Record<string, string>;
  force: boolean;
  /** Restore a repository recorded incomplete at backup: what exists, verified; refs that reach missing objects as notes. */
  allowIncomplete?: boolean;
  /** The target is the address the snapshot recorded, not one the operator typed: push only into a repository sharing its history. */
  targetFromSnapshot?: boolean;
  /**
   * Push refs whose pipeline files differ from the live default branch (they run on the push, with
   * the repository's secrets): the operator read them and allows it. Without it they are refused.
   */
  allowPipelineChanges?: boolean;
  /** Stops rebuilding the mirror (a drill step past its time): nothing is left behind. */
  signal?: AbortSignal;
}

export interface GitRestoreResult {
  snapshot: string;
  target: string;
  refs: Record<string, string>;
  verified: string[];
  /** What the operator still has to do by hand (a forge's default branch). */
  notes: string[];
  /** What the restore could not make whole: a failed backup, an incomplete repository, refs left out. */
  warnings: string[];
  /** Submodules at the default branch: their content is not in this backup. */
  submodules: string[];
}

/**
 * Restores a repository from its snapshot: the mirror is rebuilt beside the target and verified
 * (fsck, ref map) first; then the whole repo is moved into an empty path or mirror-pushed into an
 * empty remote, or only the chosen refs are pushed. Nothing existing is replaced without --force.
 */
export async function restoreGit(request: GitRestoreArgs): Promise<GitRestoreResult> {
  const found = await requireGitSource(request.reader, request.snapshot, request.name);
  const { snap, manifest } = found;
  // Refs as the operator typed them (`main`, `v1.2`) become the full names git pushes.
  const args = { ...request, refs: request.refs.map((ref) => fullRefName(manifest.refs, ref, `${request.name} in snapshot ${snap.id}`) ?? noRef(snap.id, request.name, ref)) };
  // Said up front: a git source whose backup failed after its mirror (LFS) restores what it kept,
  // and one that was incomplete at backup restores only when asked to.
  const inc = manifest.incomplete;
  if (inc && !args.allowIncomplete) throw new BulkheadError('RESTORE_INCOMPLETE', `${args.name} was incomplete when snapshot ${snap.id} was made: ${describeIncomplete(inc)}; nothing was restored. Pass --allow-incomplete to restore what exists (every object present is still verified)`);
  const broken = inc ? args.refs.filter((r) => inc.refs.includes(r)) : [];
  if (broken.length > 0) throw new BulkheadError('RESTORE_INCOMPLETE', `${broken.join(', ')} reach objects that were missing from ${args.name} at backup (${describeIncomplete(inc!)}); choose whole refs`);
  const warnings = [...(found.source.failed ? [failedNote(found.source, snap.id)] : []), ...(inc ? [`${args.name} was incomplete at backup: ${describeIncomplete(inc)}`] : [])];
  const submodules = submoduleNotes(manifest.submodules);
  const expectMissing = inc && { oids: new Set(inc.missing), count: inc.count };
  const url = isGitRemote(args.target);
  const target = url ? args.target : resolve(args.target);
  const verified = [inc ? `git fsck --full (only the ${inc.count} objects missing at backup are missing)` : 'git fsck --full', 'ref map equals the snapshot'];
  const near = url ? undefined : dirname(target);
  if (near) await fsp.mkdir(near, { recursive: true });
  return withMirror(
    args.reader,
    found,
    async (mirror) => {
      const quirks = await verifyRepo(mirror, manifest.refs, `the restored copy of ${args.name}`, expectMissing);
      if (quirks) verified[0] = `${verified[0]}: ${quirks}`;
      if (args.targetFromSnapshot) await requireSharedHistory(mirror, target, args.name);
      if (args.refs.length > 0) {
        const { runsCi, ...pushed } = await pushRefs(mirror, target, manifest, args, snap.id);
        if (quirks) pushed.verified[0] = `${pushed.verified[0]}: ${quirks}`;
        return { ...pushed, notes: [], warnings: [...warnings, ...runsCi] };
      }
      if (!url) {
        if (existsSync(target) && (await fsp.readdir(target)).length > 0 && !args.force) {
          throw new BulkheadError('TARGET_NOT_EMPTY', `${target} is not empty; choose a new path for the restored repository, or pass --force to replace it`);
        }
        await makeSymbolic(mirror, manifest);
        await fsp.rm(target, { recursive: true, force: true });
        await fsp.rename(mirror, target); // same file system: the verified copy is what lands
        return { snapshot: snap.id, target, refs: manifest.refs, verified, notes: [], warnings, submodules };
      }
      const state = await remoteState(target);
      const live = state?.refs;
      if (live === undefined) throw new BulkheadError('NOT_FOUND', `cannot reach ${target}; create the empty repository first`);
      if (Object.keys(live).length > 0 && !args.force) throw new BulkheadError('TARGET_NOT_EMPTY', `${target} is not empty; restore into an empty repository, restore chosen refs with --ref, or pass --force`);
      // An incomplete repository cannot be mirror-pushed (pack-objects needs every object): its whole refs are pushed.
      const whole = Object.keys(manifest.refs).filter((r) => !inc?.refs.includes(r));
      if (inc && whole.length === 0) throw new BulkheadError('RESTORE_INCOMPLETE', `every ref of ${args.name} reaches objects missing at backup; nothing was pushed (restore it into a path instead)`);
      // Every branch and tag lands at once: an empty repository has no pipeline of its own to compare
      // with, so each ref carrying one is the writer's pipeline, run with that repository's (or its
      // organisation's) secrets. Checked before anything is sent, LFS objects included.
      const moving = whole.filter((r) => live[r] !== manifest.refs[r]).map((r) => ({ ref: r, commit: manifest.refs[r]! }));
      const runsCi = await requirePipelineConsent(mirror, target, moving, !!args.allowPipelineChanges, state!.head);
      warnings.push(...runsCi.map(allowedNote));
      // git-lfs reads a bare repository's .lfsconfig from HEAD's tree: the snapshot writer's bytes,
      // whose lfs.url sent the LFS objects (and the operator's credentials for that host) to a
      // server it chose, and none to the target. An unborn HEAD in this throw-away copy has none.
      await git(['symbolic-ref', 'HEAD', 'refs/bulkhead/no-lfsconfig'], { gitDir: mirror });
      await pushLfs(mirror, target);
      if (inc) await pushToLive(mirror, target, whole.map((r) => `${args.force ? '+' : ''}${manifest.refs[r]}:${r}`));
      else await pushToLive(mirror, target, [], ['--mirror']);
      const landed = await remoteState(target);
      const after = landed?.refs;
      const missing = whole.filter((r) => after?.[r] !== manifest.refs[r]);
      if (inc) warnings.push(`${inc.refs.length} refs that reach missing objects were not pushed: ${inc.refs.slice(0, 5).join(', ')}`);
      if (missing.length > 0) throw new BulkheadError('RESTORE_INCOMPLETE', `${target} did not take ${missing.length} refs (${missing.slice(0, 3).join(', ')})`);
      const notes = [...(await alignRemoteHead(target, manifest.defaultBranch, landed?.head)), ...symbolicNotes(target, manifest)];
      const refs = Object.fromEntries(whole.map((r) => [r, manifest.refs[r]!]));
      return { snapshot: snap.id, target, refs, verified: [verified[0]!, 'remote ref map equals the snapshot'], notes, warnings, submodules };
    },
    near,
    args.signal,
  );
}

async function pushRefs(mirror: string, target: string, manifest: GitManifest, args: GitRestoreArgs, snapshot: string): Promise<Omit<GitRestoreResult, 'warnings' | 'notes'> & { runsCi: string[] }> {
  const state = await remoteState(target);
  const live = state?.refs;
  if (live === undefined) throw new BulkheadError('NOT_FOUND', `${target} is not a git repository this machine can reach`);
  const to = (r: string) => args.pushAs?.[r] ?? r;
  const clash = args.refs.filter((r) => live[to(r)] && live[to(r)] !== manifest.refs[r]).map(to);
  if (clash.length > 0 && !args.force) {
    throw new BulkheadError('TARGET_NOT_EMPTY', `${target} already has ${clash.join(', ')} at another commit; pass --force to replace ${clash.length > 1 ? 'them' : 'it'}`);
  }
  // What is already there at the same commit is not pushed again, and runs nothing new.
  const moving = args.refs.filter((r) => live[to(r)] !== manifest.refs[r]);
  const runsCi = await requirePipelineConsent(mirror, target, moving.map((r) => ({ ref: to(r), commit: manifest.refs[r]! })), !!args.allowPipelineChanges);
  await pushToLive(mirror, target, args.refs.map((r) => `${args.force ? '+' : ''}${manifest.refs[r]}:${to(r)}`)).catch((e: unknown) => {
    throw checkedOut(e, target, args.refs.map(to)) ?? e;
  });
  const after = (await remoteRefs(target)) ?? {};
  const wrong = args.refs.filter((r) => after[to(r)] !== manifest.refs[r]).map(to);
  if (wrong.length > 0) throw new BulkheadError('RESTORE_INCOMPLETE', `${target} did not take ${wrong.join(', ')}`);
  const refs = Object.fromEntries(args.refs.map((r) => [to(r), manifest.refs[r]!]));
  return { snapshot, target, refs, verified: ['git fsck --full of the snapshot copy', 'pushed refs equal the snapshot'], runsCi: runsCi.map(allowedNote), submodules: [] };
}

const allowedNote = (line: string) => `${line}: pushed, as allowed (--allow-pipeline-changes)`;

/** git refuses to move the branch a working copy has checked out (receive.denyCurrentBranch): say why and what to do. */
function checkedOut(e: unknown, target: string, refs: string[]): BulkheadError | undefined {
  if (!(e instanceof Error) || !e.message.includes('branch is currently checked out')) return undefined;
  const ref = refs.find((r) => e.message.includes(`-> ${r.replace(/^refs\/heads\//, '')} (branch is currently checked out)`)) ?? refs[0]!;
  return new BulkheadError(
    'TARGET_NOT_EMPTY',
    `${ref} is checked out in the working copy at ${target}, and git does not move a checked-out branch by a push; nothing was changed there. Check out another branch in it first, or restore into a new path (--target NEW_PATH) and fetch from that (git fetch NEW_PATH ${ref})`,
  );
}

/**
 * A push cannot set a remote's HEAD, its default branch (a new bare repository names master, or
 * whatever the server chose). A repository on this machine (file://) gets the snapshot's default
 * branch here; for a forge, the operator is told to set it in the repository's settings.
 */
async function alignRemoteHead(target: string, defaultBranch: string | null, head: string | null | undefined): Promise<string[]> {
  if (!defaultBranch || (head === undefined ? await remoteHead(target) : head) === defaultBranch) return [];
  // Its reference-transaction hook runs none (local-push.ts). A failure is a note, not a failed restore: the refs are in.
  const set = target.startsWith('file://')
    ? await git(['-c', 'core.hooksPath=/dev/null', 'symbolic-ref', 'HEAD', `refs/heads/${defaultBranch}`], { gitDir: fileURLToPath(target) }).then(() => true, () => false)
    : false;
  if (set) return [];
  return [`set the default branch of ${target} to ${defaultBranch} in its settings on the forge: a push cannot set it`];
}

/** The recorded symbolic refs, valid ones only (a name and a target that are plain refs naming the same object). */
function symbolicRefs(manifest: GitManifest): [string, string][] {
  return Object.entries(manifest.symrefs ?? {}).filter(([ref, to]) => isPlainRefName(ref) && isPlainRefName(to) && !!manifest.refs[ref] && manifest.refs[ref] === manifest.refs[to]);
}

/**
 * The mirror holds symbolic refs (`refs/remotes/origin/HEAD`) as plain refs, as `git clone --mirror`
 * writes them; the restored repository gets them back as they were. After the ref map was verified:
 * each names the object its target names, so the map stays what was verified.
 */
async function makeSymbolic(mirror: string, manifest: GitManifest): Promise<void> {
  for (const [ref, to] of symbolicRefs(manifest)) await git(['symbolic-ref', ref, to], { gitDir: mirror });
}

/** A push writes refs, never symbolic ones: say which were pushed as plain refs. */
function symbolicNotes(target: string, manifest: GitManifest): string[] {
  const refs = symbolicRefs(manifest);
  if (refs.length === 0) return [];
  return [`${refs.map(([ref, to]) => `${ref} (→ ${to})`).join(', ')} ${refs.length > 1 ? 'were symbolic refs; they were' : 'was a symbolic ref; it was'} pushed to ${target} as plain refs (a push cannot make a symbolic ref)`];
}

function describeIncomplete(i: NonNullable<GitManifest['incomplete']>): string {
  const first = i.missing.slice(0, 3).map((o) => o.slice(0, 12)).join(', ');
  return `${i.count} objects missing (${first}${i.count > 3 ? ', …' : ''}), reached from ${i.refs.length} refs (${i.refs.slice(0, 5).join(', ')}${i.refs.length > 5 ? ', …' : ''})`;
}
