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
});
