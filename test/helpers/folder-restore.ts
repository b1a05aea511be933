import { join } from 'node:path';
import { backup } from '../../src/ops/backup/backup.js';
import { openVault } from '../../src/ops/open-vault.js';
import { restore } from '../../src/ops/restore/restore.js';
import { parseSourceSpec } from '../../src/sources/spec.js';
import type { ProgressSink } from '../../src/util/progress.js';
import { makeVault, tempDir, type TestVault } from './vault.js';

/** it.each rows: a restore written on the main thread, and one through the restore workers (the CLI's threshold is 32 MiB). */
export const BOTH_WRITE_PATHS = [
  ['on the main thread', Number.MAX_SAFE_INTEGER],
  ['through the restore workers', 0],
] as const;

/** `src` backed up into `v` as the folder source `s`; the snapshot's id. */
export async function backupFolder(v: TestVault, src: string): Promise<string> {
  return (await backup({ store: v.store, credential: v.writer, sources: [parseSourceSpec(`s=dir:${src}`)], excludes: [], tags: [], clock: v.clock, cacheRoot: v.cacheRoot })).snapshot;
}

/** `src` backed up as `s` into a fresh vault, then restored into a fresh folder (`target`), written as `workersFromBytes` says. */
export async function restoredFolder(src: string, workersFromBytes: number, opts: { packSize?: number; progress?: ProgressSink } = {}) {
  const v = await makeVault(opts.packSize ? { packSize: opts.packSize } : {});
  const snapshot = await backupFolder(v, src);
  const reader = await openVault(v.store, v.identity, v.cacheRoot);
  reader.workersFromBytes = workersFromBytes;
  const target = join(tempDir(), 'out');
  const result = await restore({ reader, snapshot, path: 's', target, dryRun: false, overwrite: false, ...(opts.progress && { progress: opts.progress }) });
  return { v, reader, snapshot, target, result };
}
