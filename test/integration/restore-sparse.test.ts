import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readFileSync, statSync, writeSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../helpers/vault.js';
import { BOTH_WRITE_PATHS, restoredFolder } from '../helpers/folder-restore.js';

const MiB = 1024 * 1024;
/** Bytes the file takes on disk (st_blocks are 512 bytes). */
const onDisk = (path: string) => statSync(path).blocks * 512;

/**
 * A sparse file (a VM image, a database's preallocated file) used a few MB on disk and came back
 * fully allocated: 64 MiB here, 100 GB for a real one, enough to fill the restore's disk. Zero runs
 * are left as holes now, by the main thread (a small restore) and by the restore workers alike.
 */
describe('sparse files come back sparse', () => {
  const src = tempDir();
  const data = randomBytes(300_000);
  // 64 MiB apparent: random bytes at 8 MiB and at 40 MiB, zeros elsewhere, ending in a hole.
  const image = join(src, 'disk.img');
  const fd = openSync(image, 'w');
  writeSync(fd, data, 0, data.length, 8 * MiB);
  writeSync(fd, data, 0, data.length, 40 * MiB);
  closeSync(fd);
  writeFileSync(join(src, 'zeros.bin'), Buffer.alloc(64 * 1024)); // one blob of zeros: only given its size
  writeFileSync(join(src, 'tail.bin'), Buffer.concat([data, Buffer.alloc(2 * MiB)])); // a hole at the end
  const sizeOf = (p: string) => statSync(p).size;

  it.each(BOTH_WRITE_PATHS)('%s: the same bytes, a fraction of the disk', async (_how, workersFromBytes) => {
    const { reader, target, result } = await restoredFolder(src, workersFromBytes, { packSize: 256 * 1024 });
    expect(result.failures).toEqual([]);
    for (const name of ['disk.img', 'zeros.bin', 'tail.bin']) {
      const back = join(target, name);
      expect(sizeOf(back), name).toBe(sizeOf(join(src, name)));
      expect(readFileSync(back).equals(readFileSync(join(src, name))), name).toBe(true);
    }
    expect(onDisk(join(target, 'disk.img'))).toBeLessThan(8 * MiB); // written: ~600 kB and the partial blocks around it
    expect(onDisk(join(target, 'zeros.bin'))).toBe(0);
    expect(onDisk(join(target, 'tail.bin'))).toBeLessThan(MiB);
    reader.close();
  });
});
