import { spawn, type StdioOptions } from 'node:child_process';
import { BulkheadError } from '../../util/errors.js';
import { Preforked, type GitChild } from './prefork.js';

export interface GitOptions {
  gitDir?: string;
  cwd?: string;
  /** What git reads on stdin; a promise: git starts now and is given it once known. */
  input?: Buffer | string | Promise<Buffer | string>;
  /** Exit codes that are answers, not failures (merge-base --is-ancestor answers with 1). */
  okCodes?: number[];
  /** Extra environment (GIT_INDEX_FILE for a temporary index). */
  env?: Record<string, string>;
  /**
   * The most stdout bytes kept: past them git is stopped and what was read is the answer (a preview
   * of a commit message someone made hundreds of MiB long needs its first KiBs, not all of it in memory).
   */
  most?: number;
  /** Every stderr chunk as it comes (what git reports, e.g. a fetch's ref updates); the error message still keeps its tail. */
  onStderr?: (text: string) => void;
}

/**
 * Memory a git process that reads objects may hold, whatever the repository: git maps packs in
 * windows up to 8 GiB in all and inflates each blob whole below `core.bigFileThreshold` (512 MiB):
 * fsck of a 700 MB pack holding a 300 MB blob peaked at 981 MB. Blobs past 16 MiB are then read
 * as a stream (hashed so by fsck, written so by `cat-file --batch`) and packs mapped 16 MiB at a
 * time, 64 MiB at most: 80 MB for that fsck, and no more CPU (git 2.39).
 */
export const BOUNDED_MEMORY = ['-c', 'core.bigFileThreshold=16m', '-c', 'core.packedGitWindowSize=16m', '-c', 'core.packedGitLimit=64m'];

/** Every git process this agent starts, counted: tests assert the work a backup does, not its time. */
export const gitProcesses = { spawned: 0 };

/**
 * No prompts; and no lazy fetch: a partial clone given as a local source is read as it is, never
 * completed from its promisor remote over the network by a git process run in it (upload-pack).
 */
const GIT_ENV = { GIT_TERMINAL_PROMPT: '0', GIT_ASKPASS: 'echo', LC_ALL: 'C', GIT_NO_LAZY_FETCH: '1' };

/**
 * Bulkhead's own secrets, which git never needs: git runs programs that repositories name (the
 * hooks of a repository a restore pushes into, its receive-pack config), and those inherit this
 * environment. Not a boundary: a program of the same user can still read this process's starting
 * environment in /proc; what holds is not running a repository's programs at all.
 */
const SECRET_ENV = ['BULKHEAD_PASSPHRASE', 'BULKHEAD_NEW_PASSPHRASE'];

/**
 * Configuration every git Bulkhead runs gets, after the user's own (GIT_CONFIG_COUNT, git ≥ 2.31,
 * appended to any the environment already sets). No format checks on transfer: with
 * `transfer.fsckObjects` on in an operator's or a CI host's global config (a common hardening),
 * git refused to fetch a repository holding objects old tools wrote (a bad time zone, zero-padded
 * modes), so its backup and its diff failed. Bulkhead never checks such objects out; it keeps
 * history as git serves it, and a restore checks every object's hash (verify-repo.ts).
 */
const GIT_CONFIG: readonly [string, string][] = [
  // No program a repository names ever runs: Bulkhead needs no hook and no fsmonitor in any
  // repository it reads or writes (a restored mirror is disarmed too, disarm-mirror.ts; this holds
  // wherever git finds a repository's config and hooks, `commondir` included).
  ['core.hooksPath', '/dev/null'],
  ['core.fsmonitor', 'false'],
  ['transfer.fsckObjects', 'false'],
  ['fetch.fsckObjects', 'false'],
  ['receive.fsckObjects', 'false'],
];

function gitEnv(extra?: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...GIT_ENV, ...extra };
  for (const name of SECRET_ENV) delete env[name];
  const base = Number(env.GIT_CONFIG_COUNT) || 0;
  GIT_CONFIG.forEach(([key, value], i) => {
    env[`GIT_CONFIG_KEY_${base + i}`] = key;
    env[`GIT_CONFIG_VALUE_${base + i}`] = value;
  });
  env.GIT_CONFIG_COUNT = String(base + GIT_CONFIG.length);
  return env;
}

/** Git processes held ready by preforkGit, taken by spawnGit when it is asked for one of them. */
const held = new Set<Preforked>();

/**
 * Forks, through one small shell, git processes a caller will ask spawnGit for later (same git
 * directory and arguments, stdin piped, no extra environment): prefork.ts says why. Close what is
 * returned when they are no longer wanted.
 */
export function preforkGit(commands: { gitDir: string; args: string[] }[]): { close(): void; taken(): number } {
  const p = new Preforked(commands, gitEnv());
  held.add(p);
  return {
    taken: () => p.taken,
    close: () => {
      held.delete(p);
      p.close();
    },
  };
}

/** The one place a git process starts (git() and the long-lived cat-file batches). */
export function spawnGit(args: string[], opts: { gitDir?: string; cwd?: string; stdio: StdioOptions; env?: Record<string, string> }): GitChild {
  gitProcesses.spawned++;
  const piped = Array.isArray(opts.stdio) && opts.stdio[0] === 'pipe';
  if (piped && !opts.env && !opts.cwd) {
    for (const p of held) {
      const child = p.take(opts.gitDir, args);
      if (child) return child;
    }
  }
  const full = opts.gitDir ? ['--git-dir', opts.gitDir, ...args] : args;
  return spawn('git', full, { cwd: opts.cwd, env: gitEnv(opts.env), stdio: opts.stdio });
}

/**
 * Runs the system git, never a shell: arguments go through as they are. Prompts are off (a backup
 * agent has no terminal), auth comes from the user's git configuration and credential helpers.
 */
export function git(args: string[], opts: GitOptions = {}): Promise<{ code: number; stdout: Buffer; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawnGit(args, { gitDir: opts.gitDir, cwd: opts.cwd, env: opts.env, stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    let kept = 0;
    let cut = false;
    child.stdout!.on('data', (d: Buffer) => {
      if (cut) return;
      const most = opts.most ?? Infinity;
      out.push(kept + d.length > most ? d.subarray(0, most - kept) : d);
      kept += d.length;
      if (kept >= most) {
        cut = true;
        child.stdout!.destroy(); // git's next write fails (SIGPIPE) and it exits
      }
    });
    child.stderr!.on('data', (d: Buffer) => {
      const text = d.toString();
      opts.onStderr?.(text);
      err = (err + text).slice(-4000);
    });
    child.on('error', (e) => reject(new BulkheadError('SOURCE_FAILED', `cannot run git (${e.message}); install git`)));
    child.on('close', (code) => {
      if (code === 0 || cut || opts.okCodes?.includes(code ?? -1)) resolve({ code: code ?? 0, stdout: Buffer.concat(out), stderr: err });
      else reject(new BulkheadError('SOURCE_FAILED', `git ${subcommand(args)} failed: ${redact(err.trim().split('\n').slice(-3).join(' | ')) || `exit ${code}`}`));
    });
    if (child.stdin) {
      child.stdin.on('error', () => {}); // git may exit before reading all of it; its exit code tells
      if (opts.input instanceof Promise) opts.input.then((i) => child.stdin!.end(i), () => child.stdin!.end());
      else child.stdin.end(opts.input);
    }
  });
}

export async function gitText(args: string[], opts: GitOptions = {}): Promise<string> {
  return (await git(args, opts)).stdout.toString('utf8');
}

/** Credentials in a URL never reach a message, a manifest or a log. */
export function redact(text: string): string {
  return text.replace(/(\w+:\/\/)[^/@\s]+@/g, '$1');
}

/** The git command args run (`clone`), past the `-c NAME=VALUE` pairs given before it. */
function subcommand(args: readonly string[]): string {
  let i = 0;
  while (args[i] === '-c') i += 2;
  return args[i] ?? 'git';
}
