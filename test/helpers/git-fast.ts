import { spawnSync } from 'node:child_process';
import { copyFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** One commit for `git fast-import`: files by path (a string is a file; { gitlink } a submodule; null deletes). */
export interface FastCommit {
  ref: string;
  from?: string;
  files: Record<string, string | { gitlink: string } | null>;
  message?: string;
}

let clock = 1_700_000_000;

/** The fast-import stream of some commits: hundreds of branches in one git process, not hundreds of `git commit`s. */
export function fastStream(commits: FastCommit[]): string {
  let s = '';
  for (const c of commits) {
    const msg = c.message ?? `update ${c.ref}`;
    s += `commit ${c.ref}\ncommitter T <t@example.com> ${clock++} +0000\ndata ${Buffer.byteLength(msg)}\n${msg}\n`;
    if (c.from) s += `from ${c.from}\n`;
    for (const [path, body] of Object.entries(c.files)) {
      if (body === null) s += `D ${path}\n`;
      else if (typeof body === 'object') s += `M 160000 ${body.gitlink} ${path}\n`;
      else s += `M 100644 inline ${path}\ndata ${Buffer.byteLength(body)}\n${body}\n`;
    }
    s += '\n';
  }
  return s;
}

/** Runs fast-import into a (bare) repository; `extra` (e.g. `reset`/`tag` commands) is appended. */
export function fastImport(gitDir: string, commits: FastCommit[], extra = ''): void {
  const r = spawnSync('git', ['--git-dir', gitDir, 'fast-import', '--quiet', '--force'], { input: fastStream(commits) + extra, maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`git fast-import: ${r.stderr}`);
}

export function initBare(gitDir: string, branch = 'main'): void {
  const r = spawnSync('git', ['init', '-q', '--bare', '-b', branch, gitDir]);
  if (r.status !== 0) throw new Error(`git init: ${r.stderr}`);
}

/**
 * Many small bare repositories filled by one `git fast-import` (a seeded organisation of 30-50
 * repositories paid one fast-import process each, forked from the test's big worker): every
 * history is imported into `pool` under refs/pool/<n>/…, then each repository gets a copy of the
 * pool's pack and its own refs. Each `gitDir` must exist (a copy of an empty bare repository).
 * A repository so made also holds the other histories' objects, unreachable from its refs: git
 * serves, clones and pushes only what its refs reach.
 */
export function fastImportEach(pool: string, repos: { gitDir: string; commits: FastCommit[] }[]): void {
  if (repos.length === 0) return;
  const inPool = (n: number, ref: string) => (ref.startsWith('refs/') ? `refs/pool/${n}/${ref.slice(5)}` : ref);
  const stream = fastStream(repos.flatMap(({ commits }, n) => commits.map((c) => ({ ...c, ref: inPool(n, c.ref), ...(c.from && { from: inPool(n, c.from) }) }))));
  // Always one pack: below fastimport.unpackLimit (100 objects) git would leave loose objects instead.
  const imported = spawnSync('git', ['-c', 'fastimport.unpackLimit=0', '--git-dir', pool, 'fast-import', '--quiet', '--force'], { input: stream, maxBuffer: 1 << 28 });
  if (imported.status !== 0) throw new Error(`git fast-import: ${imported.stderr}`);
  const r = spawnSync('git', ['--git-dir', pool, 'for-each-ref', '--format=%(objectname) %(refname)', 'refs/pool/'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git for-each-ref: ${r.stderr}`);
  const refs = repos.map(() => [] as string[]);
  for (const line of r.stdout.trim().split('\n')) {
    const [oid, name] = line.split(' ') as [string, string];
    const [, n, rest] = /^refs\/pool\/(\d+)\/(.*)$/.exec(name)!;
    refs[Number(n)]!.push(`${oid} refs/${rest}`);
  }
  const packDir = join(pool, 'objects', 'pack');
  const packs = readdirSync(packDir);
  repos.forEach(({ gitDir }, n) => {
    for (const f of packs) copyFileSync(join(packDir, f), join(gitDir, 'objects', 'pack', f));
    writeFileSync(join(gitDir, 'packed-refs'), `# pack-refs with: sorted \n${refs[n]!.sort((a, b) => (a.slice(41) < b.slice(41) ? -1 : 1)).join('\n')}\n`);
  });
}
