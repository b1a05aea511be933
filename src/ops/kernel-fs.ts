import { existsSync, promises as fsp } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { BulkheadError } from '../util/errors.js';
import { kernelFsKind } from '../util/kernel-fs.js';

/** The nearest folder of `path` that exists (the path itself when it does). */
function existingAncestor(path: string): string {
  let at = resolve(path);
  while (!existsSync(at) && dirname(at) !== at) at = dirname(at);
  return at;
}

/**
 * Refuses a folder to write into (a restore target, a drill sandbox) on a kernel file system: Node's
 * recursive mkdir loops forever under them (mkdir /proc/x says ENOENT, /proc exists, try again), and a
 * restore to /proc/a/b or a drill into /proc/drill spun a core until it was killed.
 */
export async function refuseKernelFs(path: string, what: string): Promise<void> {
  const at = existingAncestor(path);
  const kind = kernelFsKind((await fsp.statfs(at)).type);
  if (kind) throw new BulkheadError('USAGE', `${resolve(path)} is on ${at}, a ${kind} file system of the kernel, not a disk: nothing can be written there; choose another ${what}`);
}
