import { spawnSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fastImport, fastImportEach, initBare, type FastCommit } from '../helpers/git-fast.js';

/**
 * The forge emulators' bare repositories (GitHub's and GitLab's alike), made with as few git
 * processes forked from the test's worker as possible: an empty repository is a copy of one made
 * once per git root and branch, a history a copy of one fast-import, and inside withOneImport the
 * histories of a whole seeded organisation are one fast-import at its end.
 */
const templates = new Map<string, string>();

/** An empty bare repository that takes pushes (no sample hooks, which nothing runs), made by git once per root and branch. */
function emptyTemplate(gitRoot: string, branch: string): string {
  const key = `${gitRoot}\0empty\0${branch}`;
  let template = templates.get(key);
  if (!template) {
    template = join(gitRoot, '.templates', String(templates.size));
    initBare(template, branch);
    rmSync(join(template, 'hooks'), { recursive: true, force: true });
    spawnSync('git', ['--git-dir', template, 'config', 'http.receivepack', 'true']);
    templates.set(key, template);
  }
  return template;
}

let batch: { gitDir: string; commits: FastCommit[] }[] | undefined;
let pools = 0;

/**
 * Runs `seed`, the histories of the repositories it makes written by one fast-import at its end
 * (fastImportEach) rather than one each: an organisation of 50 repositories, each with its own
 * README, paid 51 fast-import processes. The repositories are complete when it returns.
 */
export function withOneImport<T>(gitRoot: string, seed: () => T): T {
  const repos: { gitDir: string; commits: FastCommit[] }[] = [];
  batch = repos;
  try {
    const out = seed();
    const pool = join(gitRoot, '.templates', `pool-${pools++}`);
    cpSync(emptyTemplate(gitRoot, 'main'), pool, { recursive: true });
    fastImportEach(pool, repos);
    return out;
  } finally {
    batch = undefined;
  }
}

/** A bare repository at gitDir: empty (no commits), or holding `commits` (a copy of one fast-import of the same history). */
export function bareRepoAt(gitRoot: string, gitDir: string, branch: string, commits?: FastCommit[]): void {
  if (commits && batch) batch.push({ gitDir, commits }); // written by withOneImport's one fast-import
  cpSync(commits && !batch ? historyTemplate(gitRoot, branch, commits) : emptyTemplate(gitRoot, branch), gitDir, { recursive: true });
}

/** A bare repository holding `commits`, made by one fast-import per root and history and copied from then on. */
function historyTemplate(gitRoot: string, branch: string, commits: FastCommit[]): string {
  const key = `${gitRoot}\0${JSON.stringify(commits)}`;
  let template = templates.get(key);
  if (!template) {
    template = join(gitRoot, '.templates', String(templates.size));
    cpSync(emptyTemplate(gitRoot, branch), template, { recursive: true });
    fastImport(template, commits);
    templates.set(key, template);
  }
  return template;
}
