import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { initBare } from '../../../test/helpers/git-fast.js';
import { CatFile } from './cat-file.js';

const hashObject = (repo: string, body: Buffer) => spawnSync('git', ['--git-dir', repo, 'hash-object', '-w', '--stdin'], { input: body, encoding: 'utf8' }).stdout.trim();

describe('one cat-file process answers contents and info requests in order', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bulkhead-cat-file-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const repo = join(dir, 'r.git');
  initBare(repo);
  const big = randomBytes(3 * 1024 * 1024 + 17); // many pipe chunks
  const small = Buffer.from('small\n');
  const [bigId, smallId] = [hashObject(repo, big), hashObject(repo, small)];

  it('returns whole blobs that span many reads, sizes without content, and undefined for what is missing', async () => {
    const objects = new CatFile(repo);
    try {
      const [contents, info, again] = await Promise.all([objects.getMany([smallId, bigId, '0'.repeat(40), smallId]), objects.infoMany([bigId, 'nope', smallId]), objects.get(bigId)]);
      expect(contents.map((o) => o && [o.type, o.content.length])).toEqual([['blob', small.length], ['blob', big.length], undefined, ['blob', small.length]]);
      expect(contents[1]!.content.equals(big)).toBe(true);
      expect(info).toEqual([{ oid: bigId, type: 'blob', size: big.length }, undefined, { oid: smallId, type: 'blob', size: small.length }]);
      expect(again!.content.equals(big)).toBe(true);
    } finally {
      objects.close();
    }
  });

  it('answers 80,000 requests in two batches in order (the queue let go of the answered while more wait)', async () => {
    // Packed: a loose object costs git an mmap and munmap per lookup (~0.1 ms each on a VM), a pack lookup none.
    const packed = join(dir, 'packed.git');
    initBare(packed);
    const ids = [small, Buffer.from('other\n')].map((b) => hashObject(packed, b));
    spawnSync('git', ['--git-dir', packed, 'pack-objects', '-q', join(packed, 'objects/pack/pack')], { input: ids.join('\n') + '\n' });
    spawnSync('git', ['--git-dir', packed, 'prune-packed']);
    const objects = new CatFile(packed);
    try {
      const batch = (n: number) => Array.from({ length: n }, (_, i) => (i % 1000 === 999 ? 'f'.repeat(40) : ids[i % 2]!));
      const [a, b] = await Promise.all([objects.infoMany(batch(40_000)), objects.infoMany(batch(40_000).reverse())]);
      const want = (list: string[]) => list.map((r) => (r === ids[0] ? 6 : r === ids[1] ? 6 : undefined));
      // Compared as one string each: toEqual over 40,000 elements costs seconds.
      expect(a.map((o) => o?.size).join()).toBe(want(batch(40_000)).join());
      expect(b.map((o) => o?.size).join()).toBe(want(batch(40_000).reverse()).join());
      expect(a[1]!.oid).toBe(ids[1]);
      expect((await objects.get(ids[0]!))!.content.equals(small)).toBe(true);
    } finally {
      objects.close();
    }
  });
});
