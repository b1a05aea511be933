import { basename, resolve } from 'node:path';
import type { SourceType } from '../source.js';
import { FileCache } from './file-cache.js';
import { backupDir } from './backup-dir.js';

/** `dir:PATH`: a folder, files and modes and times, with a per-source cache of unchanged files. */
export const dirSource: SourceType = {
  kind: 'dir',
  usage: 'dir:PATH',
  opensAs: 'folder',
  counted: 'tree',
  defaultName: (locator) => basename(resolve(locator)),
  // Recorded absolute: diff --live and restores later must find the same place.
  normalize: (locator) => resolve(locator),
  async backup(ctx, spec, opts) {
    const cache = await FileCache.forSource(opts.cacheDir, spec.name);
    const root = await backupDir(ctx, { root: spec.locator, excludes: opts.excludes, cache, ...(opts.listingMost && { listingMost: opts.listingMost }) });
    opts.caches.push(cache);
    return { ...root, ...(opts.excludes.length > 0 && { excludes: opts.excludes }) };
  },
};
