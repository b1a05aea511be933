import type { HostContext } from '../../host/context.js';
import { checkVault } from '../../ops/inspect/check.js';
import { BulkheadError } from '../../util/errors.js';
import { withReader } from '../session.js';
import type { OperatorOptions } from '../operator-options.js';
import { terminalProgress } from '../progress-bar.js';
import { printJson, say } from '../output.js';

export async function runCheck(host: HostContext, opts: OperatorOptions & { readData?: boolean }): Promise<void> {
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
}
