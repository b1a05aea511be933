import { isAbsolute } from 'node:path';
import { refuseKernelFs } from '../../ops/kernel-fs.js';
import { BulkheadError } from '../../util/errors.js';

/**
 * A restore target or drill sandbox the console may use: a full path (a relative one landed in
 * whatever folder the console was started from, said only by the plan), not on a kernel file
 * system (ops/kernel-fs.ts); checked before anything is planned there.
 */
export async function refusePseudoFs(path: string, what: string): Promise<void> {
  requireFullPath(path, what);
  await refuseKernelFs(path, what);
}

/**
 * A path the console takes or remembers is a full one: a relative one is read from whatever folder
 * the console was started from (the desktop app's is not the operator's), and a remembered vault or
 * identity would point elsewhere at the next start. A URL (`s3://`, `file://`) is left to its parser.
 */
export function requireFullPath(path: string, what: string): void {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path) || isAbsolute(path)) return;
  throw new BulkheadError('USAGE', `"${path}" is not a full path: give the ${what} from / (it would be under ${process.cwd()}, the folder the console was started from)`);
}
