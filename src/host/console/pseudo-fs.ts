import { existsSync, promises as fsp } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { BulkheadError } from '../../util/errors.js';

/**
 * Kernel file systems that are not storage, by statfs magic. Node's recursive mkdir loops forever
 * under them (mkdir /proc/x says ENOENT, /proc exists, try again): a restore to /proc/a/b or a
 * drill into /proc/drill spun a core until the console was killed, and a drill cannot be cancelled.
 */
const PSEUDO: Record<number, string> = {
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

/**
 * A restore target or drill sandbox the console may use: a full path (a relative one landed in
 * whatever folder the console was started from, said only by the plan), not on a kernel pseudo
 * file system; checked before anything is planned there.
 */
export async function refusePseudoFs(path: string, what: string): Promise<void> {
  if (!isAbsolute(path)) throw new BulkheadError('USAGE', `"${path}" is not a full path: give the ${what} from / (it would be under ${process.cwd()}, the folder the console was started from)`);
  const at = existingAncestor(path);
  const { type } = await fsp.statfs(at);
  const kind = PSEUDO[type];
  if (kind) throw new BulkheadError('USAGE', `${resolve(path)} is on ${at}, a ${kind} file system of the kernel, not a disk: nothing can be written there; choose another ${what}`);
}
