import type { Command } from 'commander';
import type { HostContext } from '../../host/context.js';
import { listPath } from '../../ops/ls.js';
import { parseSnapshotRef } from '../../ops/snapshot-ref.js';
import { operatorOptions, withReader, type OperatorOptions } from '../session.js';
import { bytes, printJson, say, shortTime, table } from '../output.js';

export function registerLs(program: Command, host: HostContext): void {
  operatorOptions(program.command('ls').description('list a snapshot, a source or a folder in it').argument('<ref>', 'SNAPSHOT[:NAME[/PATH]]'))
    .action(async (ref: string, opts: OperatorOptions) => {
      const { snapshot, path } = parseSnapshotRef(ref);
      await withReader(host, opts, async (reader) => {
        const listing = await listPath(reader, snapshot, path);
        if (opts.json) return printJson(listing);
        const rows = listing.entries.map((e) => [
          e.kind === 'dir' ? 'd' : e.kind === 'symlink' ? 'l' : '-',
          (e.mode & 0o7777).toString(8).padStart(4, '0'),
          e.kind === 'file' ? bytes(e.size) : '',
          shortTime(e.mtime),
          e.kind === 'dir' ? `${e.name}/` : e.target !== undefined ? `${e.name} -> ${e.target}` : e.name,
        ]);
        say(`snapshot ${listing.snapshot} (${shortTime(listing.time)}) /${listing.path}`);
        say(table(['', 'mode', 'size', 'modified', 'name'], rows));
      });
    });
}
