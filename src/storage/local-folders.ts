import { join } from 'node:path';
import type { FolderObstacle } from './blob-store.js';
import { checkKey } from './keys.js';
import { firstNotFolder } from './local-entries.js';

/**
 * The folders a local vault needs, in its object tree and in the retention tree that mirrors it:
 * each must be a real folder, or a write into it is refused (local-entries.ts ensureRealFolders,
 * the defence against a symlinked folder). Whoever makes such a folder first decides what is
 * there, so the operator makes the shared ones at `vault init` and a writer's own at `vault enroll`,
 * before a hijacked agent could put a file in their place; `make` false only looks (posture).
 * Each prefix's first entry in the way is returned, never thrown: one squat must not stop the rest.
 */
export function localFolders(root: string, retention: string, prefixes: readonly string[], make: boolean): FolderObstacle[] {
  const out: FolderObstacle[] = [];
  for (const prefix of prefixes) {
    const rel = checkKey(prefix.replace(/\/$/, ''));
    for (const base of [root, retention]) {
      const bad = firstNotFolder(root, join(base, rel), make);
      if (bad) {
        out.push({ prefix, ...bad });
        break;
      }
    }
  }
  return out;
}
