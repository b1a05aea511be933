import { spawnSync } from 'node:child_process';

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
