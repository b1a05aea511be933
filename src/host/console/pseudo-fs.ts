import { isAbsolute } from 'node:path';
import { refuseKernelFs } from '../../ops/kernel-fs.js';
import { BulkheadError } from '../../util/errors.js';

/**
 * A restore target or drill sandbox the console may use: a full path (a relative one landed in
 * whatever folder the console was started from, said only by the plan), not on a kernel file
 * system (ops/kernel-fs.ts); checked before anything is planned there.
 */
export async function refusePseudoFs(path: string, what: string): Promise<void> {
  if (!isAbsolute(path)) throw new BulkheadError('USAGE', `"${path}" is not a full path: give the ${what} from / (it would be under ${process.cwd()}, the folder the console was started from)`);
  await refuseKernelFs(path, what);
}
