import { readYaml, type YamlRead } from './pipeline-yaml.js';
import type { PipelineSystem } from './pipeline-system.js';

export type { PipelineSystem };

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
  /** Not parsed: past the scan's budget (pipeline-yaml.ts, PIPELINE_PARSE_BUDGET); the next scan parses it. */
  deferred?: true;
}

/** Bump when parsing changes: pipelines cached from an older parser are parsed again. */
export const PARSER_VERSION = 2;

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
  if (path === '.travis.yml') return 'travis';
  if (path === 'appveyor.yml' || path === '.appveyor.yml') return 'appveyor';
  if (path === '.cirrus.yml') return 'cirrus';
  return undefined;
}

type Doc = Record<string, unknown>;
type Found = Pick<Pipeline, 'name' | 'triggers' | 'jobs' | 'includes'>;

const GITLAB_RESERVED = new Set(['stages', 'variables', 'include', 'default', 'workflow', 'image', 'services', 'before_script', 'after_script', 'cache', 'pages']);
const APPVEYOR_PHASES = ['install', 'before_build', 'build_script', 'after_build', 'before_test', 'test_script', 'after_test', 'deploy_script', 'on_success', 'on_failure', 'on_finish'];
const keys = (v: unknown): string[] => (v && typeof v === 'object' && !Array.isArray(v) ? Object.keys(v) : []);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const field = (v: unknown, k: string): unknown => (v && typeof v === 'object' ? (v as Doc)[k] : undefined);
const named = (name: string | undefined) => (name ? { name } : {});

function githubTriggers(on: unknown): string[] {
  return typeof on === 'string' ? [on] : Array.isArray(on) ? on.map(String) : keys(on);
}

/** What each system calls a pipeline's name, triggers and jobs. Multi-document systems get every document. */
function describe(system: Exclude<PipelineSystem, 'jenkins'>, docs: Doc[]): Found {
  const doc = docs[0] ?? {};
  switch (system) {
    case 'github-actions':
      return { ...named(str(doc.name)), triggers: githubTriggers(doc.on ?? doc.true), jobs: keys(doc.jobs) }; // YAML 1.1 readers turn a bare `on:` into true
    case 'gitlab-ci': {
      const includes = localIncludes(doc.include);
      return { triggers: keys(doc.workflow).length ? ['workflow'] : ['push'], jobs: keys(doc).filter((k) => !GITLAB_RESERVED.has(k) && !k.startsWith('.')), ...(includes.length > 0 && { includes }) };
    }
    case 'circleci':
      return { triggers: keys(doc.workflows), jobs: keys(doc.jobs) };
    case 'azure-pipelines':
      return { ...named(str(doc.name)), triggers: doc.trigger ? ['push'] : [], jobs: Array.isArray(doc.jobs) ? doc.jobs.map((j) => str(field(j, 'job')) ?? '?') : keys(doc.stages) };
    case 'bitbucket-pipelines':
      return { triggers: keys(doc.pipelines), jobs: keys(doc.pipelines) };
    case 'buildkite':
      return { triggers: [], jobs: list(doc.steps).map((s) => str(field(s, 'label')) ?? str(field(s, 'key')) ?? 'step') };
    case 'drone': {
      const pipelines = docs.filter((d) => d.kind === undefined || d.kind === 'pipeline');
      const prefix = (d: Doc) => (pipelines.length > 1 ? `${str(d.name) ?? 'default'}/` : '');
      return {
        ...named(pipelines.map((d) => str(d.name)).filter(Boolean).join(', ') || undefined),
        triggers: [...new Set(pipelines.flatMap((d) => keys(d.trigger)))],
        jobs: pipelines.flatMap((d) => list(d.steps).map((s) => prefix(d) + (str(field(s, 'name')) ?? 'step'))),
      };
    }
    case 'tekton':
      return { ...named(str(field(doc.metadata, 'name'))), triggers: [], jobs: docs.flatMap((d) => list(field(d.spec, 'tasks')).map((t) => str(field(t, 'name')) ?? 'task')) };
    case 'travis': {
      const include = list(field(doc.jobs, 'include')).length ? list(field(doc.jobs, 'include')) : list(field(doc.matrix, 'include'));
      return { triggers: ['push', 'pull_request'], jobs: include.length ? include.map((j, i) => str(field(j, 'name')) ?? str(field(j, 'stage')) ?? `job ${i + 1}`) : ['build'] };
    }
    case 'appveyor':
      return { triggers: ['push', 'pull_request'], jobs: APPVEYOR_PHASES.filter((p) => doc[p] !== undefined) };
    case 'cirrus': {
      const tasks = keys(doc).filter((k) => /(^|_)(task|pipe)$/.test(k));
      return { triggers: ['push'], jobs: tasks.map((k) => str(field(doc[k], 'name')) ?? (k.replace(/_?(task|pipe)$/, '') || 'main')) };
    }
  }
}

/** Name, triggers and job names of one pipeline file; invalid YAML is recorded as invalid, not dropped. */
export function parsePipeline(system: PipelineSystem, path: string, blob: string, text: string): Pipeline {
  if (system === 'jenkins') {
    const stages = [...text.matchAll(/stage\s*\(\s*['"]([^'"]+)['"]/g)].map((m) => m[1]!);
    return { system, path, blob, triggers: [], jobs: stages, valid: true };
  }
  return pipelineFromYaml(system, path, blob, readYaml(system, text));
}

/** A YAML pipeline file's description from its documents as read (readYaml). */
export function pipelineFromYaml(system: Exclude<PipelineSystem, 'jenkins'>, path: string, blob: string, read: YamlRead): Pipeline {
  const base = { system, path, blob, triggers: [] as string[], jobs: [] as string[] };
  if ('error' in read) return { ...base, valid: false, error: read.error };
  if (read.docs.some((d) => typeof d !== 'object' || Array.isArray(d))) return { ...base, valid: false, error: 'the top level is not a mapping' };
  return { ...base, ...describe(system, read.docs as Doc[]), valid: true };
}
