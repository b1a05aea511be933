import type { Command } from 'commander';
import type { HostContext } from '../../host/context.js';
import { operatorOptions, withReader, type OperatorOptions } from '../session.js';
import { bytes, printJson, say, shortTime, table } from '../output.js';

export function registerSnapshots(program: Command, host: HostContext): void {
  operatorOptions(program.command('snapshots').description('list verified snapshots, oldest first')).action(async (opts: OperatorOptions) => {
    await withReader(host, opts, async (reader) => {
      const { snapshots, tampered } = await reader.snapshots();
      if (opts.json) {
        printJson({
          snapshots: snapshots.map((s) => ({
            id: s.id,
            time: s.time,
            writer: { id: s.writerId, label: s.writerLabel },
            host: s.manifest.host,
            tags: s.manifest.tags,
            sources: s.manifest.sources.map(({ name, kind, locator, stats }) => ({ name, kind, locator, stats })),
            bytesRead: s.manifest.stats.bytesRead,
            bytesAdded: s.manifest.stats.bytesAdded,
            warnings: s.warnings,
          })),
          tampered,
        });
        return;
      }
      const rows = snapshots.map((s) => [
        s.id,
        shortTime(s.time),
        s.manifest.sources.map((x) => `${x.name}(${x.kind})`).join(' '),
        String(s.manifest.sources.reduce((n, x) => n + x.stats.files, 0)),
        bytes(s.manifest.sources.reduce((n, x) => n + x.stats.bytes, 0)),
        bytes(s.manifest.stats.bytesAdded),
        s.writerLabel,
        s.warnings.length > 0 ? `⚠ ${s.warnings.join('; ')}` : '',
      ]);
      say(table(['id', 'time', 'sources', 'files', 'size', 'added', 'writer', ''], rows));
      for (const t of tampered) say(`⚠ refused (tampered): ${t}`);
    });
  });
}
