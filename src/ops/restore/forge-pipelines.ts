import type { VaultReader } from '../../vault/reader.js';
import { BulkheadError } from '../../util/errors.js';
import { gitSource, withMirror } from './git-mirror.js';
import { driftLines, pipelineDrift } from './pipeline-drift.js';
import type { ForgeStep } from './forge-restore.js';

const NEW_REPO = 'a recreated repository, which runs none yet';

/** The first three lines of a list, and an ellipsis when there are more. */
const firstFew = (lines: readonly string[]) => `${lines.slice(0, 3).join('; ')}${lines.length > 3 ? '; …' : ''}`;

/**
 * The refs of a repository's git record that carry pipeline files ("REF RUNS CI: …"): a forge
 * restore recreates the repository empty and pushes every ref, and each pipeline runs on that push
 * with the secrets the organisation or group grants. They are the snapshot writer's bytes (a
 * hijacked agent records its own workflow and deletes the repository). Read from the mirror itself,
 * never from the manifest's list of pipelines (the writer's word, and branches only).
 */
export async function recreatedRunsCi(reader: VaultReader, snapshot: string, record: string): Promise<string[]> {
  const found = await gitSource(reader, snapshot, record);
  if (!found) return [];
  const m = found.manifest;
  const pushes = Object.entries(m.refs).filter(([ref]) => !m.incomplete?.refs.includes(ref)).map(([ref, commit]) => ({ ref, commit }));
  const { drift } = await withMirror(reader, found, (mirror) => pipelineDrift(mirror, null, pushes));
  return driftLines(null, drift, NEW_REPO);
}

/** Steps recreating a repository (record: its git record's name) say first which of its refs run CI on the push. */
export async function withRecreatedPipelines<S extends ForgeStep>(reader: VaultReader, snapshot: string, steps: S[], record: (s: S) => string | undefined): Promise<S[]> {
  const out: S[] = [];
  for (const step of steps) {
    const name = record(step);
    const runsCi = name ? await recreatedRunsCi(reader, snapshot, name) : [];
    const said = runsCi.length === 1 ? runsCi[0]! : `${runsCi.length} refs carry pipelines (${firstFew(runsCi)})`;
    out.push(runsCi.length === 0 ? step : { ...step, runsCi, does: `RUNS CI on the push, unless not allowed: ${said}; ${step.does}` });
  }
  return out;
}

/** Before a step recreates anything: one whose refs carry pipelines runs only when the operator allowed it. */
export function requirePipelineStepConsent(step: ForgeStep, allowed: boolean): void {
  if (!step.runsCi?.length || allowed) return;
  throw new BulkheadError(
    'UNTRUSTED_SOURCE',
    `not recreated: ${step.runsCi.length === 1 ? 'its ref carries a pipeline' : `${step.runsCi.length} of its refs carry pipelines`} the snapshot's writer recorded (${firstFew(step.runsCi)}), which the push would run with the account's secrets; nothing was created. Read them first, then allow it (--allow-pipeline-changes; in the console, "Allow pipeline changes")`,
  );
}
