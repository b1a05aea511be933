import { describe, expect, it } from 'vitest';
import { chmodSync, chownSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { makeVault, tempDir } from '../helpers/vault.js';
import { makeRepo } from '../helpers/git.js';
import { backup } from '../../src/ops/backup/backup.js';
import { openVault } from '../../src/ops/open-vault.js';
import { parseSourceSpec } from '../../src/sources/spec.js';
import { systemClock } from '../../src/util/clock.js';

const mode = (p: string) => statSync(p).mode & 0o777;
/** The vault's cache folder under a cache root (its name is the vault id). */
const vaultDir = (root: string) => join(root, readdirSync(root).find((n) => /^[0-9a-f]{16}$/.test(n))!);

/**
 * Another local user of the agent's (or the operator's) machine: the cache holds a git mirror of
 * every repository backed up, as git writes it (packs 0444, folders 0755 under the umask 022):
 * with the cache folder 0755 any user read a private repository's whole history there.
 */
describe("the cache folder is this user's alone", () => {
  it('a backup makes the vault cache 0700, and closes one an older version left open', async () => {
    const prev = process.umask(0o022);
    try {
      const v = await makeVault();
      const live = join(tempDir(), 'repo');
      makeRepo(live, 3);
      const run = () => backup({ store: v.store, credential: v.writer, sources: [parseSourceSpec(`app=git:${live}`)], excludes: [], tags: [], clock: systemClock, cacheRoot: v.cacheRoot });
      await run();
      const dir = vaultDir(v.cacheRoot);
      expect(readdirSync(dir)).toContain('git');
      expect(mode(dir)).toBe(0o700);
      chmodSync(dir, 0o755); // as 0.x left it
      await run();
      expect(mode(dir)).toBe(0o700);
    } finally {
      process.umask(prev);
    }
  });

  it("the operator's reader makes it 0700 too; a backup refuses a cache folder another user made for it", async () => {
    const v = await makeVault();
    const reader = await openVault(v.store, v.identity, v.cacheRoot);
    await reader.snapshots();
    reader.close();
    expect(mode(vaultDir(v.cacheRoot))).toBe(0o700);
    if (process.getuid?.() !== 0) return; // giving a folder away needs root
    const root = tempDir();
    const planted = join(root, reader.config.vaultId);
    mkdirSync(planted, { mode: 0o777 });
    chownSync(planted, 65534, 65534);
    const src = tempDir();
    await expect(
      backup({ store: v.store, credential: v.writer, sources: [parseSourceSpec(`etc=dir:${src}`)], excludes: [], tags: [], clock: systemClock, cacheRoot: root }),
    ).rejects.toThrow(/is not a folder of this user's \(uid 65534\)/);
  });
});
