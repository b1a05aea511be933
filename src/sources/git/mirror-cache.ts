import { createHash } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { git, redact } from './git.js';

/**
 * The agent keeps a bare mirror of each repository: a day-2 backup fetches only what changed and
 * a geometric repack leaves the big old pack untouched, so the vault dedups it. Auto-gc is off (it
 * would rewrite packs). Losing the cache costs a clone, never data.
 */
export async function updateMirror(cacheDir: string, url: string): Promise<string> {
  const dir = join(cacheDir, 'git', `${createHash('sha256').update(url).digest('hex').slice(0, 24)}.git`);
  if (!existsSync(join(dir, 'HEAD'))) {
    mkdirSync(join(cacheDir, 'git'), { recursive: true });
    await git(['clone', '--mirror', '--quiet', '--no-hardlinks', url, dir]);
    await git(['config', 'gc.auto', '0'], { gitDir: dir });
    await git(['config', 'remote.origin.url', redact(url)], { gitDir: dir }); // no credentials at rest
  } else {
    await git(['fetch', '--prune', '--force', '--quiet', url, '+refs/*:refs/*'], { gitDir: dir });
    await followDefaultBranch(dir, url);
  }
  await git(['repack', '-d', '-q', '--geometric=2'], { gitDir: dir });
  return dir;
}

/** The live default branch may have changed since the clone. */
async function followDefaultBranch(dir: string, url: string): Promise<void> {
  const out = (await git(['ls-remote', '--symref', url, 'HEAD'])).stdout.toString();
  const m = /^ref: (refs\/heads\/\S+)\s+HEAD$/m.exec(out);
  if (m) await git(['symbolic-ref', 'HEAD', m[1]!], { gitDir: dir });
}
