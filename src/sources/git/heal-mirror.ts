import { rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { git } from './git.js';
import { localGitDir } from './local-refs.js';
import { standAlone } from './mirror-cache.js';

/**
 * A local repository backed up incomplete may hold its objects again (a partial clone that
 * downloaded them since, a lender of objects put back): a fetch never brings them (the mirror has
 * the commits that name them), and an unchanged repository is not even fetched, so the backup
 * would say "incomplete" for ever. The mirror looks for the objects it lacks among the source's
 * files, through its own git (alternates: nothing runs in the source, no promisor is asked); when
 * any is there, it copies in every object it can reach (standAlone). Whether it did.
 */
export async function healMirror(mirror: string, url: string, missing: string[]): Promise<boolean> {
  const source = localGitDir(url);
  if (!source || missing.length === 0) return false;
  const alternates = join(mirror, 'objects', 'info', 'alternates');
  writeFileSync(alternates, `${resolve(source, 'objects')}\n`);
  try {
    const found = await git(['cat-file', '--batch-check=%(objectname)'], { gitDir: mirror, input: missing.join('\n') + '\n' }).catch(() => undefined);
    const back = !!found && found.stdout.toString('latin1').split('\n').some((l) => l !== '' && !l.endsWith(' missing'));
    if (back) await standAlone(mirror);
    return back;
  } finally {
    rmSync(alternates, { force: true }); // never stored with the mirror, whatever failed
  }
}
