import { parse } from 'yaml';

export type PipelineSystem = 'github-actions' | 'gitlab-ci' | 'jenkins' | 'circleci' | 'azure-pipelines' | 'bitbucket-pipelines' | 'buildkite' | 'drone' | 'tekton';

export interface Pipeline {
  system: PipelineSystem;
  path: string;
  blob: string;
  name?: string;
  triggers: string[];
  jobs: string[];
  valid: boolean;
  error?: string;
  /** gitlab-ci: local files this one includes (they are pipelines too). */
  includes?: string[];
}

/** GitLab `include:` entries that name files of the same repository. */
function localIncludes(include: unknown): string[] {
  const items = Array.isArray(include) ? include : include === undefined ? [] : [include];
  return items
    .map((i) => (typeof i === 'string' ? (/^https?:/.test(i) ? undefined : i) : (i as { local?: unknown })?.local))
    .filter((p): p is string => typeof p === 'string')
    .map((p) => p.replace(/^\/+/, ''));
}

/** Which files define pipelines, by system. */
export function pipelineSystem(path: string): PipelineSystem | undefined {
  if (/^\.github\/workflows\/[^/]+\.ya?ml$/.test(path)) return 'github-actions';
  if (path === '.gitlab-ci.yml' || /^\.gitlab\/ci\/.+\.ya?ml$/.test(path)) return 'gitlab-ci';
  if (/(^|\/)Jenkinsfile$/.test(path)) return 'jenkins';
  if (path === '.circleci/config.yml') return 'circleci';
  if (/^azure-pipelines\.ya?ml$/.test(path) || /^\.azure-pipelines\/.+\.ya?ml$/.test(path)) return 'azure-pipelines';
  if (path === 'bitbucket-pipelines.yml') return 'bitbucket-pipelines';
  if (/^\.buildkite\/pipeline[^/]*\.ya?ml$/.test(path)) return 'buildkite';
  if (path === '.drone.yml') return 'drone';
  if (/^\.tekton\/.+\.ya?ml$/.test(path)) return 'tekton';
  return undefined;
}

const GITLAB_RESERVED = new Set(['stages', 'variables', 'include', 'default', 'workflow', 'image', 'services', 'before_script', 'after_script', 'cache', 'pages']);
const keys = (v: unknown): string[] => (v && typeof v === 'object' && !Array.isArray(v) ? Object.keys(v) : []);

/** Name, triggers and job names of one pipeline file; invalid YAML is recorded as invalid, not dropped. */
export function parsePipeline(system: PipelineSystem, path: string, blob: string, text: string): Pipeline {
  const base = { system, path, blob, triggers: [] as string[], jobs: [] as string[] };
  if (system === 'jenkins') {
    const stages = [...text.matchAll(/stage\s*\(\s*['"]([^'"]+)['"]/g)].map((m) => m[1]!);
    return { ...base, jobs: stages, valid: true };
  }
  let doc: Record<string, unknown>;
  try {
    doc = (parse(text) ?? {}) as Record<string, unknown>;
    if (typeof doc !== 'object' || Array.isArray(doc)) throw new Error('the top level is not a mapping');
  } catch (e) {
    return { ...base, valid: false, error: (e as Error).message.split('\n')[0] };
  }
  const name = typeof doc.name === 'string' ? doc.name : undefined;
  const on = doc.on ?? doc.true; // YAML 1.1 readers turn a bare `on:` into true
  switch (system) {
    case 'github-actions':
      return { ...base, ...(name && { name }), triggers: typeof on === 'string' ? [on] : Array.isArray(on) ? on.map(String) : keys(on), jobs: keys(doc.jobs), valid: true };
    case 'gitlab-ci': {
      const includes = localIncludes(doc.include);
      const jobs = keys(doc).filter((k) => !GITLAB_RESERVED.has(k) && !k.startsWith('.'));
      return { ...base, triggers: keys(doc.workflow).length ? ['workflow'] : ['push'], jobs, valid: true, ...(includes.length > 0 && { includes }) };
    }
    case 'circleci':
      return { ...base, triggers: keys(doc.workflows), jobs: keys(doc.jobs), valid: true };
    case 'azure-pipelines':
      return { ...base, ...(name && { name }), triggers: doc.trigger ? ['push'] : [], jobs: Array.isArray(doc.jobs) ? doc.jobs.map((j: { job?: string }) => j.job ?? '?') : keys(doc.stages), valid: true };
    case 'bitbucket-pipelines':
      return { ...base, triggers: keys(doc.pipelines), jobs: keys(doc.pipelines), valid: true };
    case 'buildkite':
      return { ...base, jobs: Array.isArray(doc.steps) ? doc.steps.map((s: { label?: string; key?: string }) => s?.label ?? s?.key ?? 'step') : [], valid: true };
    case 'drone':
      return { ...base, ...(name && { name }), triggers: keys(doc.trigger), jobs: Array.isArray(doc.steps) ? doc.steps.map((s: { name?: string }) => s?.name ?? 'step') : [], valid: true };
    case 'tekton':
      return { ...base, ...(typeof (doc.metadata as { name?: string })?.name === 'string' && { name: (doc.metadata as { name: string }).name }), jobs: Array.isArray((doc.spec as { tasks?: unknown })?.tasks) ? ((doc.spec as { tasks: { name?: string }[] }).tasks).map((t) => t.name ?? 'task') : [], valid: true };
  }
}
