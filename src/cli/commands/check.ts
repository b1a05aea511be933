import type { Command } from 'commander';
import type { HostContext } from '../../host/context.js';
import { checkVault } from '../../ops/inspect/check.js';
import { BulkheadError } from '../../util/errors.js';
import { operatorOptions, withReader, type OperatorOptions } from '../session.js';
import { terminalProgress } from '../progress-bar.js';
import { printJson, say } from '../output.js';

export function registerCheck(program: Command, host: HostContext): void {
  operatorOptions(program.command('check').description('verify signatures, structure and (with --read-data) every byte'))
    .option('--read-data', 'read and verify every pack and blob')
    .action(async (opts: OperatorOptions & { readData?: boolean }) => {
      await withReader(host, opts, async (reader) => {
        const bar = terminalProgress(!opts.json);
        const result = await checkVault(reader, { readData: !!opts.readData, progress: bar.sink }).finally(() => bar.stop());
        if (opts.json) printJson(result);
        else {
          const data = opts.readData ? `, ${result.packsRead} packs and ${result.blobsVerified} blobs read and verified` : '';
          say(`Checked ${result.snapshots} snapshots${data}.`);
          for (const p of result.problems) {
            say(`${p.kind === 'snapshot-warning' ? 'warning' : 'problem'}: ${p.message}`);
            for (const f of p.files ?? []) say(`    affects ${f}`);
          }
        }
        if (!result.ok) {
          const n = result.problems.filter((p) => p.kind !== 'snapshot-warning').length;
          throw new BulkheadError('CHECK_FAILED', `the vault has ${n} problem(s), listed above; restore what is affected from another snapshot or copy`);
        }
        if (!opts.json) say('No problems found.');
      });
    });
}
