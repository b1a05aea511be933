import { describe, expect, it } from 'vitest';
import { mkdirSync, openSync, closeSync, symlinkSync, utimesSync, writeFileSync, writeSync } from 'node:fs';
import { randomBytes, randomFillSync } from 'node:crypto';
import { join } from 'node:path';
import { makeVault, tempDir } from '../helpers/vault.js';
import { describeTree } from '../helpers/tree.js';
import { backup } from '../../src/ops/backup/backup.js';
import { restore } from '../../src/ops/restore/restore.js';
import { openVault } from '../../src/ops/open-vault.js';
import { parseSourceSpec } from '../../src/sources/spec.js';
import { DEFAULT_CHUNKER } from '../../src/chunker/fastcdc.js';

/** ~10,000 files in nested folders, every awkward kind of entry, and one 200 MiB file. */
function bigTree(root: string): void {
  for (let d = 0; d < 100; d++) {
    const dir = join(root, `svc-${d}`, d % 3 === 0 ? 'ünïcødé-目录' : 'src');
    mkdirSync(dir, { recursive: true });
    for (let f = 0; f < 100; f++) {
      const path = join(dir, `file-${f}.${f % 4 === 0 ? 'yaml' : 'ts'}`);
      writeFileSync(path, f % 10 === 0 ? '' : `// ${d}/${f}\n`.repeat(f + 1) + randomBytes(f * 10).toString('base64'));
      if (f % 7 === 0) utimesSync(path, 1_500_000_000 + f, 1_500_000_000 + f + 0.25);
    }
    mkdirSync(join(root, `svc-${d}`, 'empty'));
    symlinkSync(`src/file-1.ts`, join(root, `svc-${d}`, 'link'));
  }
  writeFileSync(Buffer.from(`${root}/bytes-\xfe\xff.bin`, 'latin1'), 'not utf-8 name');
  // Each MiB written from one reused buffer: 200 fresh ones cost more in page faults than their bytes.
  const mib = Buffer.allocUnsafe(1 << 20);
  const fd = openSync(join(root, 'huge.bin'), 'w');
  for (let i = 0; i < 200; i++) writeSync(fd, i % 2 === 0 ? randomFillSync(mib) : mib.fill(i));
  closeSync(fd);
}

describe('round trip at scale', () => {
  it('restores 10,000 files and a 200 MiB file byte-identical with modes, mtimes and links', async () => {
    const v = await makeVault({ chunker: DEFAULT_CHUNKER, packSize: 16 << 20 });
    const src = tempDir();
    bigTree(src);
    const result = await backup({ store: v.store, credential: v.writer, sources: [parseSourceSpec(`tree=dir:${src}`)], excludes: [], tags: [], clock: v.clock, cacheRoot: v.cacheRoot });
    expect(result.files).toBe(10_002);
    const reader = await openVault(v.store, v.identity, v.cacheRoot);
    const target = join(tempDir(), 'restored');
    const out = await restore({ reader, snapshot: 'latest', path: 'tree', target, dryRun: false, overwrite: false });
    expect(out.failures).toEqual([]);
    expect(describeTree(target)).toEqual(describeTree(src));
  }, 180_000);
});
