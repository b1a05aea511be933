import { dirname, join } from 'node:path';
import { BulkheadError } from '../../util/errors.js';
import { git, gitText } from './git.js';

const WHO = { GIT_AUTHOR_NAME: 'Bulkhead restore', GIT_AUTHOR_EMAIL: 'bulkhead@localhost', GIT_COMMITTER_NAME: 'Bulkhead restore', GIT_COMMITTER_EMAIL: 'bulkhead@localhost' };

/**
 * A commit on top of `base` whose tree is base's with `path` set to `bytes`, built with plumbing in
 * a bare repository (hash-object, a temporary index, write-tree, commit-tree): no checkout, so no
 * work tree is written and no LFS smudge runs. The file keeps an executable mode it had; a symlink
 * in its place becomes a file. A parent that is not a folder in base is refused (restore by hand).
 * Undefined when base already holds exactly these bytes at path.
 */
export async function commitFile(gitDir: string, base: string, path: string, bytes: Buffer, message: string): Promise<{ commit: string; blob: string } | undefined> {
  const parts = path.split('/');
  for (let i = 1; i < parts.length; i++) {
    const at = parts.slice(0, i).join('/');
    const type = await git(['cat-file', '-t', `${base}:${at}`], { gitDir, okCodes: [128] });
    if (type.code === 0 && type.stdout.toString().trim() !== 'tree') throw new BulkheadError('USAGE', `${path}: ${parts[i - 1]} is not a folder in the live repository (a symlink or a file); restore by hand`);
  }
  const blob = (await gitText(['hash-object', '-w', '--stdin'], { gitDir, input: bytes })).trim();
  const listed = (await gitText(['ls-tree', '-z', base, '--', path], { gitDir })).split('\0')[0] ?? '';
  if (listed.startsWith('040000') || listed.startsWith('160000')) throw new BulkheadError('USAGE', `${path} is a folder or a submodule in the live repository; restore by hand`);
  const mode = listed.startsWith('100755') ? '100755' : '100644';
  const env = { ...WHO, GIT_INDEX_FILE: join(dirname(gitDir), 'restore.index') };
  await git(['read-tree', base], { gitDir, env });
  await git(['update-index', '--add', '--cacheinfo', `${mode},${blob},${path}`], { gitDir, env });
  const tree = (await gitText(['write-tree'], { gitDir, env })).trim();
  if (tree === (await gitText(['rev-parse', `${base}^{tree}`], { gitDir })).trim()) return undefined;
  const commit = (await gitText(['commit-tree', tree, '-p', base, '-m', message], { gitDir, env })).trim();
  return { commit, blob };
}
