import { existsSync, promises as fsp } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { BulkheadError } from '../util/errors.js';

/**
 * Kernel file systems that are not storage, by statfs magic. Node's recursive mkdir loops forever
 * under them (mkdir /proc/x says ENOENT, /proc exists, try again): a restore to /proc/a/b or a
 * drill into /proc/drill spun a core until it was killed, in the console and the CLI alike.
 */
const KERNEL: Record<number, string> = {
  0x9fa0: 'proc',
  0x62656572: 'sysfs',
  0x27e0eb: 'cgroup',
  0x63677270: 'cgroup2',
  0x64626720: 'debugfs',
  0x74726163: 'tracefs',
  0x73636673: 'securityfs',
  0x1cd1: 'devpts',
  0x6165676c: 'pstore',
  0xcafe4a11: 'bpf',
  0x42494e4d: 'binfmt_misc',
  0xde5e81e4: 'efivarfs',
  0x62656570: 'configfs',
};

/** The nearest folder of `path` that exists (the path itself when it does). */
function existingAncestor(path: string): string {
  let at = resolve(path);
  while (!existsSync(at) && dirname(at) !== at) at = dirname(at);
  return at;
}

/** Refuses a folder to write into (a restore target, a drill sandbox) that lies on a kernel file system. */
export async function refuseKernelFs(path: string, what: string): Promise<void> {
  const at = existingAncestor(path);
  const kind = KERNEL[(await fsp.statfs(at)).type];
  if (kind) throw new BulkheadError('USAGE', `${resolve(path)} is on ${at}, a ${kind} file system of the kernel, not a disk: nothing can be written there; choose another ${what}`);
}
