import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeVault, tempDir } from '../helpers/vault.js';
import { RogueWriter } from '../helpers/rogue-tree.js';
import { openVault } from '../../src/ops/open-vault.js';
import { restore } from '../../src/ops/restore/restore.js';
import { diffSnapshots } from '../../src/ops/diff/diff.js';
import { checkVault } from '../../src/ops/inspect/check.js';
import type { TreeEntry } from '../../src/vault/tree.js';

/**
 * Trees are content-addressed, so a folder may appear under many names. A hijacked writer can
 * chain small trees, each naming the next twice: 60 trees expand to 2^60 paths. And a chain of
 * folders thousands deep makes paths no file system can create. Neither may hang or exhaust the
 * operator's machine; the rest of the snapshot restores.
 */
describe('trees a hijacked writer forged to expand without end', () => {
  it('a tree bomb (60 levels, each folder twice) is refused before any restore or diff walks it, check walks it once; a chain 3,000 deep is cut at the longest path; the rest restores', async () => {
    const v = await makeVault();
    const w = await RogueWriter.open(v.store, v.writer);
    let level = await w.tree([await w.file('leaf.txt', 'x\n')]);
    for (let i = 0; i < 60; i++) {
      const dir = (name: string): TreeEntry => ({ name, kind: 'dir', mode: 0o755, mtime: 1_600_000_000_000_000, size: 0, subtree: level });
      level = await w.tree([dir('a'), dir('b')]);
    }
    const bomb = level;
    let deep = await w.tree([await w.file('bottom.txt', 'deep\n')]);
    for (let i = 0; i < 3000; i++) deep = await w.tree([{ name: 'd', kind: 'dir', mode: 0o755, mtime: 1_600_000_000_000_000, size: 0, subtree: deep }]);
    const fine = await w.tree([await w.file('app.yaml', 'replicas: 3\n'), await w.dir('deep', [{ name: 'd', kind: 'dir', mode: 0o755, mtime: 1_600_000_000_000_000, size: 0, subtree: deep }])]);
    const snapshot = await w.snapshot([
      { name: 'bomb', root: bomb },
      { name: 'app', root: fine },
    ]);

    const reader = await openVault(v.store, v.identity, tempDir());
    try {
      for (const path of ['bomb', '', 'bomb/a/b/a']) {
        await expect(restore({ reader, snapshot, path, target: join(tempDir(), 'out'), dryRun: false, overwrite: false })).rejects.toMatchObject({
          code: 'CORRUPT',
          message: expect.stringMatching(/expands to [\d.e+]+ entries, more than any real folder holds .*nothing was restored/),
        });
      }
      const out = join(tempDir(), 'out');
      const result = await restore({ reader, snapshot, path: 'app', target: out, dryRun: false, overwrite: false });
      expect(readFileSync(join(out, 'app.yaml'), 'utf8')).toBe('replicas: 3\n');
      expect(result.refused).toEqual([expect.objectContaining({ reason: expect.stringMatching(/path is longer than 4095 bytes/) })]);
      // The last folders before the cut do not fit under the target's own path: the first is named, the rest below it follow.
      expect(result.failures[0]!.reason).toMatch(/ENAMETOOLONG/);
      for (const f of result.failures.slice(1)) expect(f.reason).toMatch(/ENAMETOOLONG|its parent is not a folder this restore created/);
      // Diff does not compare it (and says why); check walks each distinct folder once and finishes.
      const diff = await diffSnapshots(reader, snapshot, 'live');
      expect(diff.sources.find((x) => x.name === 'bomb')).toMatchObject({ status: 'not-comparable', note: expect.stringMatching(/expands to .* it was not compared/), changes: [] });
      expect((await checkVault(reader, { readData: false })).problems).toEqual([]);
    } finally {
      reader.close();
    }
  });
});
