import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { headRefFile, readRefFiles } from './mirror-refs.js';

export interface Advertised {
  /** Every ref (peeled tags left out), as `ls-remote` lists them. */
  refs: Map<string, string>;
  /** The branch HEAD names, when it names one that exists (git advertises no other HEAD). */
  head: string | undefined;
  /** Symbolic refs other than HEAD: name → the ref it names (git's protocol v2 advertises them). */
  symrefs: Record<string, string>;
}

/** Config that changes what upload-pack advertises or where refs live: then git is asked. */
const ODD_CONFIG = /hiderefs|namespace|refstorage|worktreeconfig/i;

/**
 * What `git ls-remote --symref` would say of a repository given as a local path, read from its
 * files: on the bench's 261-ref repository the ls-remote (git, then upload-pack) was most of an
 * unchanged backup's time. Undefined whenever the files are not plainly what git would advertise
 * (a linked worktree, a gitfile, reftable, hidden refs or namespaces in its config, an odd ref:
 * readRefFiles): the caller asks git then. A remote repository is always asked.
 */
export async function localAdvertised(path: string): Promise<Advertised | undefined> {
  const dir = localGitDir(path);
  if (!dir || existsSync(join(dir, 'commondir'))) return undefined;
  const config = await readFile(join(dir, 'config'), 'utf8').catch(() => undefined);
  if (config === undefined || ODD_CONFIG.test(config)) return undefined;
  const [read, head] = await Promise.all([readRefFiles(dir), headRefFile(dir)]);
  if (!read) return undefined;
  const { refs, symrefs } = read;
  return { refs: new Map(Object.entries(refs)), head: head.startsWith('refs/heads/') && refs[head] ? head : undefined, symrefs };
}

/** A bare repository's own folder, or a working tree's .git folder. */
export function localGitDir(path: string): string | undefined {
  const isDir = (p: string) => statSync(p, { throwIfNoEntry: false })?.isDirectory() === true;
  if (existsSync(join(path, 'HEAD')) && isDir(join(path, 'objects')) && isDir(join(path, 'refs'))) return path;
  const dotGit = join(path, '.git');
  return isDir(dotGit) && existsSync(join(dotGit, 'HEAD')) ? dotGit : undefined;
}
