import { diffSnapshots } from '../../ops/diff/diff.js';
import { fileDiff, MOST_DIFF_ROWS } from '../../ops/diff/file-diff.js';
import type { ConsoleDeps, HandlerGroup } from './deps.js';

export function diffHandlers(
  deps: ConsoleDeps,
  /** The e2e tests cut a file's diff sooner (BULKHEAD_CONSOLE_TEST_DIFF_ROWS, `console --web` only); operators get MOST_DIFF_ROWS. */
  mostRows = testDiffRows(),
): HandlerGroup<'diff.run' | 'diff.file'> {
  return {
    'diff.run': async ({ vaultId, from, to, sources }) => diffSnapshots(await deps.readers.reader(vaultId), from, to, sources),
    'diff.file': async ({ vaultId, from, to, path }) => fileDiff(await deps.readers.reader(vaultId), from, to, path, mostRows),
  };
}

/** Honoured outside Electron only: a packaged or development app never reads it. */
function testDiffRows(): number {
  const n = Number(process.env.BULKHEAD_CONSOLE_TEST_DIFF_ROWS);
  return process.versions.electron === undefined && Number.isInteger(n) && n > 0 ? n : MOST_DIFF_ROWS;
}
