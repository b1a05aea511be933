import type { HostContext } from '../../host/context.js';
import { backup } from '../../ops/backup/backup.js';
import { expandSourceSpecs } from '../../sources/spec.js';
import { BulkheadError } from '../../util/errors.js';
import { counted } from '../../util/counted.js';
import { excludesProblem } from '../../sources/dir/exclude-globs.js';
import { unreadNote } from '../../ops/backup/failed-sources.js';
import { loadWriter } from '../secrets.js';
import { terminalProgress } from '../progress-bar.js';
import { bytes, printJson, say, sayErr } from '../output.js';

export interface BackupFlags {
  store: string;
  writer: string;
  source: string[];
  exclude: string[];
  tag: string[];
  streamIdleTimeout: string;
  streamTimeout: string;
  json?: boolean;
}

/** `bulkhead backup`: the agent's one verb (declared in commands/backup.ts). */
export async function runBackup(host: HostContext, opts: BackupFlags): Promise<void> {
  if (opts.source.length === 0) throw new BulkheadError('USAGE', 'give at least one --source, e.g. --source dir:/etc/app');
  const sources = expandSourceSpecs(opts.source);
  const refused = excludesProblem(opts.exclude);
  if (refused) throw new BulkheadError('USAGE', `--exclude: ${refused}`);
  const idleMinutes = Number(opts.streamIdleTimeout);
  if (!(idleMinutes >= 0)) throw new BulkheadError('USAGE', `--stream-idle-timeout takes minutes (0: wait for ever), not "${opts.streamIdleTimeout}"`);
  const mostMinutes = Number(opts.streamTimeout);
  if (!(mostMinutes >= 0)) throw new BulkheadError('USAGE', `--stream-timeout takes minutes (0: no limit), not "${opts.streamTimeout}"`);
  const credential = await loadWriter(opts.writer);
  const store = await host.openStore(opts.store);
  const bar = terminalProgress(!opts.json);
  const result = await backup({
    store, credential, sources, excludes: opts.exclude, tags: opts.tag, streamIdleMs: idleMinutes * 60_000, streamMostMs: mostMinutes * 60_000, clock: host.clock, cacheRoot: host.cacheRoot, progress: bar.sink,
  }).finally(() => bar.stop());
  if (opts.json) {
    const { snapshot, files, bytesRead, bytesAdded, seconds, failed, unread } = result;
    printJson({ snapshot, files, bytesRead, bytesAdded, seconds, warnings: result.warnings, failed, unread });
  } else {
    // Under --json these are in the summary: stderr keeps only the error, as JSON.
    for (const w of result.warnings) sayErr(`warning: ${w}`);
    for (const f of result.failed) sayErr(`failed: ${f.name}: ${f.reason}${f.keptData ? ' (its repository data is kept)' : ''}`);
    for (const u of result.unread) sayErr(`incomplete: ${unreadNote(u.name, u)}`);
    say(`Snapshot ${result.snapshot}: ${result.files} files, read ${bytes(result.bytesRead)}, added ${bytes(result.bytesAdded)} in ${result.seconds}s`);
  }
  if (result.failed.length > 0) {
    const names = result.failed.map((f) => f.name).join(', ');
    throw new BulkheadError('SOURCE_FAILED', `${result.failed.length} of ${sources.length} sources failed (${names}); snapshot ${result.snapshot} records them as failed and keeps the others`);
  }
  if (result.unread.length > 0) {
    const names = result.unread.map((u) => `${u.name} (${counted(u.count, 'entry', 'entries')})`).join(', ');
    throw new BulkheadError('SOURCE_INCOMPLETE', `snapshot ${result.snapshot} is kept without what could not be read of ${names}; give the agent read access or --exclude them`);
  }
}
