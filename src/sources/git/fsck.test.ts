import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { fsck } from './fsck.js';

const git = (dir: string, ...args: string[]) => execFileSync('git', args, { cwd: dir, input: '' }).toString().trim();

/**
 * fsck checks a blob past the 16 MiB it streams (`core.bigFileThreshold`) as it checks any other:
 * a loose object whose bytes are not its name's is found.
 */
describe('fsck with bounded memory', () => {
  it('still finds a large blob whose content is not what its id says', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fsck-'));
    try {
      git(dir, 'init', '-q', '--bare');
      const big = Buffer.alloc(17 << 20, 'a');
      const file = join(dir, 'big');
      writeFileSync(file, big);
      const oid = git(dir, 'hash-object', '-w', file);
      git(dir, 'update-ref', 'refs/heads/main', git(dir, 'commit-tree', git(dir, 'mktree'), '-m', 'empty'));
      expect((await fsck(dir)).ok).toBe(true);
      const loose = join(dir, 'objects', oid.slice(0, 2), oid.slice(2));
      big[5 << 20] = 0x62; // one byte changed, same size: the header still reads right
      chmodSync(loose, 0o644);
      writeFileSync(loose, deflateSync(Buffer.concat([Buffer.from(`blob ${big.length}\0`), big])));
      const found = await fsck(dir);
      expect(found.ok).toBe(false);
      expect(found.other.join('\n')).toContain(oid);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
