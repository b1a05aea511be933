import { describe, expect, it } from 'vitest';
import { refusePseudoFs } from './pseudo-fs.js';
import { tempDir } from '../../../test/helpers/vault.js';

describe('restore targets and drill sandboxes on kernel file systems', () => {
  it('refuses /proc and /sys at any depth, saying which file system and what to do', async () => {
    await expect(refusePseudoFs('/proc/a/b', 'target folder')).rejects.toMatchObject({
      code: 'USAGE',
      message: '/proc/a/b is on /proc, a proc file system of the kernel, not a disk: nothing can be written there; choose another target folder',
    });
    await expect(refusePseudoFs('/sys/drill', 'sandbox folder')).rejects.toMatchObject({ message: expect.stringMatching(/^\/sys\/drill is on \/sys, a sysfs file system/) });
  });

  it('refuses a relative path, which would land under wherever the console was started', async () => {
    await expect(refusePseudoFs('restore-here', 'target folder')).rejects.toMatchObject({
      code: 'USAGE',
      message: `"restore-here" is not a full path: give the target folder from / (it would be under ${process.cwd()}, the folder the console was started from)`,
    });
  });

  it('lets a folder on a disk through, existing or not', async () => {
    const dir = tempDir();
    await expect(refusePseudoFs(dir, 'target folder')).resolves.toBeUndefined();
    await expect(refusePseudoFs(`${dir}/new/deeper`, 'target folder')).resolves.toBeUndefined();
  });
});
