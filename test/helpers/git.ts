import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

const ENV = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' };

/** Runs real git in a work tree; throws with git's stderr on failure. */
export function sh(cwd: string, ...args: string[]): string {
  const r = spawnSync('git', args, { cwd, env: ENV, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
}

const defaultContent = (i: number) => `version ${i}\n`;

export function makeCommits(dir: string, n: number, content: (i: number) => string = defaultContent): void {
  for (let i = 0; i < n; i++) {
    writeFileSync(join(dir, `file-${i % 7}.txt`), content(i));
    sh(dir, 'add', '-A');
    sh(dir, 'commit', '-q', '-m', `commit ${i}`);
  }
}

/** A work tree with a GitHub Actions workflow, n commits, a feature branch and an annotated tag. */
export function makeRepo(dir: string, commits = 5, content: (i: number) => string = defaultContent): void {
  mkdirSync(join(dir, '.github/workflows'), { recursive: true });
  sh(dir, 'init', '-q', '-b', 'main');
  writeFileSync(join(dir, '.github/workflows/ci.yml'), 'name: CI\non: [push]\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps: [{ run: make }]\n');
  writeFileSync(join(dir, '.gitlab-ci.yml'), 'stages: [test]\nunit:\n  script: make test\n  bad: [unclosed\n');
  writeFileSync(join(dir, 'app.txt'), 'app\n');
  makeCommits(dir, commits, content);
  sh(dir, 'branch', 'feature', 'HEAD~1');
  sh(dir, 'tag', '-a', 'v1', '-m', 'release 1', 'HEAD~2');
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
