import { git, redact } from '../../sources/git/git.js';
import { parsePipeline, pipelineSystem } from '../../sources/git/pipelines.js';
import { PIPELINE_FILE_LIMIT } from '../../sources/git/pipeline-yaml.js';
import { BulkheadError } from '../../util/errors.js';
import { BASE, driftLines, fetchLiveBase, historyOf, type PipelineDrift } from './pipeline-drift.js';

/**
 * `--pipeline PATH --as-branch NAME` (the console's "put it back on a new branch for review") pushes
 * one file, its snapshot writer's bytes, on a new branch off the live default branch. Its commit says
 * `[skip ci]`, but that stops only push and pull_request runs: GitHub takes a workflow's `on: create`
 * (and `workflow_run`, `pull_request_target` once a PR is opened from it, `repository_dispatch`…)
 * from the pushed ref and runs it with the repository's secrets. So the file is judged as a pushed
 * ref's pipelines are (pipeline-drift.ts): what the live default branch holds, or held once (the
 * agent deleted it: putting it back is no drift), is none; any other is named, with the triggers the
 * operator's own parse finds in it, and refused unless allowed.
 */
export async function pipelineFileDrift(mirror: string, target: string, branch: string, path: string, blob: string): Promise<{ base: string | null; drift: PipelineDrift[] }> {
  const base = await fetchLiveBase(mirror, target);
  let had = false;
  if (base) {
    const live = await git(['rev-parse', '--verify', '--quiet', `${BASE}:${path}`], { gitDir: mirror, okCodes: [0, 1, 128] });
    had = live.code === 0;
    if (had && live.stdout.toString().trim() === blob) return { base, drift: [] };
    if ((await historyOf(mirror, [`:(literal)${path}`])).has(`${path}\0${blob}`)) return { base, drift: [] };
  }
  const ref = `refs/heads/${branch.replace(/^refs\/heads\//, '')}`;
  return { base, drift: [{ ref, files: [`${path} (${had ? 'changed' : 'new'}${await triggersOf(mirror, path, blob)})`] }] };
}

/** "; on: create, push" as the operator's parse reads the file (never the writer's manifest's word). */
async function triggersOf(mirror: string, path: string, blob: string): Promise<string> {
  const system = pipelineSystem(path);
  if (!system) return '';
  const size = Number((await git(['cat-file', '-s', blob], { gitDir: mirror })).stdout.toString().trim());
  if (size > PIPELINE_FILE_LIMIT) return `; ${size} bytes, not parsed`;
  const text = (await git(['cat-file', 'blob', blob], { gitDir: mirror })).stdout.toString('utf8');
  const p = parsePipeline(system, path, blob, text);
  if (!p.valid) return `; does not parse: ${p.error ?? 'invalid'}`;
  const shown = p.triggers.slice(0, 8).join(', ');
  return p.triggers.length === 0 ? '' : `; on: ${shown}${p.triggers.length > 8 ? ', …' : ''}`;
}

/** Refuses, before the push, a restored pipeline file the live repository never ran, unless the operator allowed it. */
export async function requirePipelineFileConsent(mirror: string, target: string, branch: string, path: string, blob: string, allowed: boolean): Promise<string[]> {
  const { base, drift } = await pipelineFileDrift(mirror, target, branch, path, blob);
  const lines = driftLines(base, drift);
  if (lines.length === 0 || allowed) return lines;
  throw new BulkheadError(
    'UNTRUSTED_SOURCE',
    `${lines.join('; ')}: pushing it to ${redact(target)} can run the pipeline the snapshot's writer recorded, with that repository's secrets ([skip ci] stops push runs only: a workflow's create, workflow_run or pull_request_target trigger still runs it); nothing was pushed. Read it first ("bulkhead restore SNAPSHOT:REPO --at REF --path ${path} --target DIR"), then allow it (--allow-pipeline-changes; in the console, "Allow pipeline changes")`,
  );
}
