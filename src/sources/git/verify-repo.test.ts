import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fastImport, initBare } from '../../../test/helpers/git-fast.js';
import { listRefs } from './manifest.js';
import { verifyRepo } from './verify-repo.js';
import { gitText } from './git.js';

describe('verifyRepo names what git fsck found', () => {
  it('names the missing blob and the tree that links to it; tolerates it only when it was recorded missing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bulkhead-fsck-'));
    try {
      const repo = join(dir, 'r.git');
      initBare(repo);
      fastImport(repo, [{ ref: 'refs/heads/main', files: { 'a.txt': 'kept\n', 'gone.txt': 'this blob will be lost\n' } }]);
      const gone = (await gitText(['rev-parse', 'main:gone.txt'], { gitDir: repo })).trim();
      // fast-import writes a pack: unpack it into loose objects, then lose one.
      await gitText(['repack', '-a', '-d', '-q'], { gitDir: repo });
      const refs = await listRefs(repo);
      await expect(verifyRepo(repo, refs, 'r')).resolves.toBeUndefined();
      execFileSync('sh', ['-c', `cd ${repo} && mv objects/pack/*.pack pack.tmp && rm objects/pack/*.idx && git unpack-objects -q < pack.tmp && rm pack.tmp && rm objects/${gone.slice(0, 2)}/${gone.slice(2)}`]);
      await expect(verifyRepo(repo, refs, 'r')).rejects.toThrow(new RegExp(`r fails git fsck: .*missing blob ${gone.slice(0, 12)}`));
      await expect(verifyRepo(repo, refs, 'r')).rejects.toThrow(/broken link from tree [0-9a-f]{12} to blob/);
      await expect(verifyRepo(repo, refs, 'r', { oids: new Set([gone]), count: 1 })).resolves.toBeUndefined();
      await expect(verifyRepo(repo, refs, 'r', { oids: new Set(['0'.repeat(40)]), count: 1 })).rejects.toThrow(/missing blob/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
