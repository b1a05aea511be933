import type { Command } from 'commander';
import type { HostContext } from '../../host/context.js';
import { backup } from '../../ops/backup/backup.js';
import { expandSourceSpecs } from '../../sources/spec.js';
import { BulkheadError } from '../../util/errors.js';
import { loadWriter } from '../secrets.js';
import { terminalProgress } from '../progress-bar.js';
import { bytes, printJson, say, sayErr } from '../output.js';

const collect = (value: string, previous: string[]) => [...previous, value];

export function registerBackup(program: Command, host: HostContext): void {
  program
    .command('backup')
    .description('snapshot sources into the vault (needs only the writer credential)')
    .requiredOption('--store <url>', 'the vault: file://PATH or s3://BUCKET[/PREFIX][?endpoint=URL&region=R&profile=P]')
    .requiredOption('--writer <file>', 'the writer credential from "vault enroll"')
    .option('--source <spec>', '[NAME=]dir:PATH, [NAME=]stream:COMMAND, [NAME=]git:URL_OR_PATH, git-list:FILE, [NAME=]github:OWNER[/REPO], github-list:FILE, [NAME=]gitlab:GROUP[/PROJECT] (repeatable)', collect, [])
    .option('--exclude <glob>', 'leave out matching paths of dir sources (repeatable)', collect, [])
    .option('--tag <tag>', 'label the snapshot (repeatable)', collect, [])
    .option('--json', 'print a JSON summary')
    .action(async (opts: { store: string; writer: string; source: string[]; exclude: string[]; tag: string[]; json?: boolean }) => {
      if (opts.source.length === 0) throw new BulkheadError('USAGE', 'give at least one --source, e.g. --source dir:/etc/app');
      const sources = expandSourceSpecs(opts.source);
      const credential = await loadWriter(opts.writer);
      const store = await host.openStore(opts.store);
      const bar = terminalProgress(!opts.json);
      const result = await backup({
        store, credential, sources, excludes: opts.exclude, tags: opts.tag, clock: host.clock, cacheRoot: host.cacheRoot, progress: bar.sink,
      }).finally(() => bar.stop());
      if (opts.json) {
        const { snapshot, files, bytesRead, bytesAdded, seconds, failed } = result;
        printJson({ snapshot, files, bytesRead, bytesAdded, seconds, warnings: result.warnings, failed });
      } else {
        // Under --json these are in the summary: stderr keeps only the error, as JSON.
        for (const w of result.warnings) sayErr(`warning: ${w}`);
        for (const f of result.failed) sayErr(`failed: ${f.name}: ${f.reason}${f.keptData ? ' (its repository data is kept)' : ''}`);
        say(`Snapshot ${result.snapshot}: ${result.files} files, read ${bytes(result.bytesRead)}, added ${bytes(result.bytesAdded)} in ${result.seconds}s`);
      }
      if (result.failed.length > 0) {
        const names = result.failed.map((f) => f.name).join(', ');
        throw new BulkheadError('SOURCE_FAILED', `${result.failed.length} of ${sources.length} sources failed (${names}); snapshot ${result.snapshot} records them as failed and keeps the others`);
      }
    });
}
