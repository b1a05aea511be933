import { basename, resolve } from 'node:path';
import type { SourceType } from '../source.js';
import { FileCache } from '../dir/file-cache.js';
import { backupGit, StartedMirror } from './backup-git.js';

const REMOTE = /^[a-z+]+:\/\/|^[^/]+@[^/]+:/;

/** `git:URL|PATH`: every ref of a repository, its LFS objects, and its pipelines listed. */
export const gitSource: SourceType = {
  kind: 'git',
  usage: 'git:URL',
  opensAs: 'folder',
  counted: 'git-manifest',
  defaultName: (locator) => basename(locator.replace(/[?#].*$/, '').replace(/\/+$/, '')).replace(/\.git$/, ''),
  // A local repository is recorded by its absolute path, a remote one as given.
  normalize: (locator) => (REMOTE.test(locator) ? locator : resolve(locator)),
  prepare: (spec, cacheDir) => new StartedMirror(cacheDir, spec.locator),
  async backup(ctx, spec, opts) {
    const cache = await FileCache.forSource(opts.cacheDir, spec.name);
    const started = opts.prepared instanceof StartedMirror ? opts.prepared : undefined;
    const { failed, ...root } = await backupGit(ctx, spec.locator, opts.cacheDir, cache, undefined, started);
    opts.caches.push(cache);
    return { ...root, ...(failed && { failed: { reason: failed } }) };
  },
};
