import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BulkheadError } from '../../util/errors.js';

/** A sandbox is a new or empty folder (a new temporary one when none is given): a drill never restores over anything. */
export function sandboxFolder(path: string | undefined): string {
  if (!path) return mkdtempSync(join(tmpdir(), 'bulkhead-drill-'));
  const dir = resolve(path);
  if (existsSync(dir) && readdirSync(dir).length > 0) throw new BulkheadError('TARGET_NOT_EMPTY', `the sandbox ${dir} is not empty; a drill restores only into a new or empty folder, never over production`);
  return dir;
}
