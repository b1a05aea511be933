import { diffSnapshots } from '../../ops/diff/diff.js';
import { fileDiff } from '../../ops/diff/file-diff.js';
import type { ConsoleDeps, HandlerGroup } from './deps.js';

export function diffHandlers(deps: ConsoleDeps): HandlerGroup<'diff.run' | 'diff.file'> {
  return {
    'diff.run': async ({ vaultId, from, to, sources }) => diffSnapshots(await deps.readers.reader(vaultId), from, to, sources),
    'diff.file': async ({ vaultId, from, to, path }) => fileDiff(await deps.readers.reader(vaultId), from, to, path),
  };
}
