import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';

const ENV = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' };

/** Runs real git in a work tree; throws with git's stderr on failure. */
export function sh(cwd: string, ...args: string[]): string {
  const r = spawnSync('git', args, { cwd, env: ENV, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
}

const defaultContent = (i: number) => `version ${i}\n`;

let clock = 1_700_000_000;

/** One fast-import commit on `ref` (marked `:mark`) that writes `files`; `from` the first time a ref is used. */
function commitCmd(ref: string, mark: number, message: string, files: Record<string, string>, from?: string): string {
  let s = `commit ${ref}\nmark :${mark}\ncommitter t <t@example.com> ${clock++} +0000\ndata ${Buffer.byteLength(message)}\n${message}\n`;
  if (from) s += `from ${from}\n`;
  for (const [path, body] of Object.entries(files)) s += `M 100644 inline ${path}\ndata ${Buffer.byteLength(body)}\n${body}\n`;
  return s + '\n';
}

/** Feeds a fast-import stream to the repository of a work tree, then checks the result out (one process each, not two per commit). */
function importAndCheckout(dir: string, stream: string): void {
  const r = spawnSync('git', ['fast-import', '--quiet', '--force'], { cwd: dir, env: ENV, input: stream, maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`git fast-import: ${String(r.stderr)}`);
  sh(dir, 'reset', '-q', '--hard');
}

/** The stream of n commits on ref: commit i writes `file-(i % 7).txt` (plus `first` in the first one). */
function commitsStream(ref: string, n: number, content: (i: number) => string, from?: string, first: Record<string, string> = {}): string {
  let s = '';
  for (let i = 0; i < n; i++) s += commitCmd(ref, i + 1, `commit ${i}\n`, { ...(i === 0 ? first : {}), [`file-${i % 7}.txt`]: content(i) }, i === 0 ? from : undefined);
  return s;
}

/** n more commits on the checked-out branch of a clean work tree, through `git fast-import`. */
export function makeCommits(dir: string, n: number, content: (i: number) => string = defaultContent): void {
  const ref = sh(dir, 'symbolic-ref', 'HEAD');
  importAndCheckout(dir, commitsStream(ref, n, content, `${ref}^0`));
}

/** Git LFS set up in a work tree (made with an empty `main` unless it exists), tracking `*.bin`. */
export function lfsWorkTree(dir: string): void {
  if (!existsSync(join(dir, '.git'))) sh(dirname(dir), 'init', '-q', '-b', 'main', dir);
  sh(dir, 'lfs', 'install', '--local');
  sh(dir, 'lfs', 'track', '*.bin');
}

/**
 * A work tree with a GitHub Actions workflow, n commits (n ≥ 3), a feature branch at HEAD~1 and an
 * annotated tag v1 at HEAD~2. The history is written by one `git fast-import`, not by 2n git commands.
 */
export function makeRepo(dir: string, commits = 5, content: (i: number) => string = defaultContent): void {
  mkdirSync(dir, { recursive: true });
  sh(dir, 'init', '-q', '-b', 'main');
  const first = {
    '.github/workflows/ci.yml': 'name: CI\non: [push]\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps: [{ run: make }]\n',
    '.gitlab-ci.yml': 'stages: [test]\nunit:\n  script: make test\n  bad: [unclosed\n',
    'app.txt': 'app\n',
  };
  let stream = commitsStream('refs/heads/main', commits, content, undefined, first);
  stream += `reset refs/heads/feature\nfrom :${commits - 1}\n\n`;
  stream += `tag v1\nfrom :${commits - 2}\ntagger t <t@example.com> ${clock++} +0000\ndata 10\nrelease 1\n\n`;
  importAndCheckout(dir, stream);
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** `git daemon` on loopback serving every repository under base, push enabled: a real remote. */
export async function gitDaemon(base: string): Promise<{ url: (repo: string) => string; stop: () => void }> {
  const port = await freePort();
  const child: ChildProcess = spawn('git', ['daemon', '--export-all', '--enable=receive-pack', '--reuseaddr', `--base-path=${base}`, '--listen=127.0.0.1', `--port=${port}`, base], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    const up = spawnSync('git', ['ls-remote', `git://127.0.0.1:${port}/nonexistent`], { encoding: 'utf8' });
    if (!/Connection refused|unable to connect/.test(up.stderr)) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  return { url: (repo) => `git://127.0.0.1:${port}/${repo}`, stop: () => child.kill() };
}

/** The agent's cached bare mirror of the one repository it backed up (a hijacked agent owns it). */
export function cachedMirror(cacheRoot: string): string {
  const found = readdirSync(cacheRoot, { recursive: true, encoding: 'utf8' }).find((p) => /(^|\/)git\/[0-9a-f]{24}\.git$/.test(p));
  if (!found) throw new Error(`no cached mirror under ${cacheRoot}`);
  return join(cacheRoot, found);
}

/** The ref names of a repository, sorted (for-each-ref). */
export const refNames = (repo: string): string[] => sh(repo, 'for-each-ref', '--format=%(refname)').split('\n').filter(Boolean).sort();

/**
 * A repository of three commits at `dir/origin` that serves filtered fetches, and a partial clone
 * of it at `dir/name` (`git clone --filter=FILTER`, with the clone flags given): what a developer's
 * or a CI checkout's repository looks like. Its missing objects are on origin.
 */
export function partialClone(dir: string, name: string, filter: string, flags: string[] = []): { origin: string; clone: string } {
  const origin = join(dir, 'origin');
  makeRepo(origin, 3);
  sh(origin, 'config', 'uploadpack.allowFilter', 'true');
  const clone = join(dir, name);
  sh(dir, 'clone', '-q', ...flags, `--filter=${filter}`, `file://${origin}`, clone);
  return { origin, clone };
}
