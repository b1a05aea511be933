import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { git } from './git.js';

describe('git()', () => {
  it('with `most`, keeps that many bytes of stdout and stops git: a message made hundreds of MiB long is not read whole', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bulkhead-git-most-'));
    try {
      execFileSync('git', ['init', '-q', '--bare', dir]);
      const oid = execFileSync('git', ['--git-dir', dir, 'hash-object', '-w', '--stdin'], { input: Buffer.alloc(32 * 1024 * 1024, 'm') }).toString().trim();
      const head = await git(['cat-file', 'blob', oid], { gitDir: dir, most: 1000 });
      expect(head.stdout.length).toBe(1000);
      expect(head.stdout.equals(Buffer.alloc(1000, 'm'))).toBe(true);
      // without it, the whole object, as before
      expect((await git(['cat-file', 'blob', oid], { gitDir: dir })).stdout.length).toBe(32 * 1024 * 1024);
      // a short answer is whole, and a failure is still one
      expect((await git(['cat-file', '-t', oid], { gitDir: dir, most: 1000 })).stdout.toString()).toBe('blob\n');
      await expect(git(['cat-file', 'blob', '0'.repeat(40)], { gitDir: dir, most: 1000 })).rejects.toThrow(/git cat-file failed/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
