import { pipelinesAt } from '../../sources/git/manifest.js';
import { pipelinesOf } from '../../sources/git/pipeline-schema.js';
import { restoreGit } from '../restore/restore-git.js';
import { requireGitSource } from '../restore/git-mirror.js';
import type { DrillStep } from './drill-step.js';
import { sandboxPath } from './sandbox.js';
import type { DrillSubject } from '../kinds/kind-ops.js';
import { counted } from '../../util/counted.js';

/** A repository restored bare into the sandbox: verified as every git restore is, with its refs and its pipelines parsed as in the snapshot. */
export async function drillGit({ reader, snap, record, sandbox, step, signal }: DrillSubject): Promise<DrillStep> {
  const target = sandboxPath(sandbox, 'repositories', record.name);
  const result = await restoreGit({ reader, snapshot: snap.id, name: record.name, target, refs: [], force: false, ...(signal && { signal }) });
  const { manifest } = await requireGitSource(reader, snap.id, record.name);
  const expected = pipelinesOf(manifest.pipelines, manifest.defaultBranch) ?? [];
  const found = manifest.defaultBranch ? await pipelinesAt(target, `refs/heads/${manifest.defaultBranch}`) : [];
  const parsed = (ps: typeof found) => ps.map((p) => `${p.path}:${p.valid}`).sort().join();
  if (parsed(found) !== parsed(expected)) return step(false, `the restored pipelines differ from the snapshot's (${found.length} found, ${expected.length} expected)`, record.stats.bytes, found.length);
  return step(true, `${result.verified.join(', ')}; ${verifiedCounts(Object.keys(result.refs).length, found.length, found.filter((p) => !p.valid).length)}`, record.stats.bytes, Object.keys(result.refs).length);
}

/** "1 ref; 1 pipeline parsed as in the snapshot (1 invalid then and now)": a repository's drill step in words. */
export function verifiedCounts(refs: number, pipelines: number, invalid: number): string {
  return `${counted(refs, 'ref')}; ${counted(pipelines, 'pipeline')} parsed as in the snapshot${invalid ? ` (${invalid} invalid then and now)` : ''}`;
}
