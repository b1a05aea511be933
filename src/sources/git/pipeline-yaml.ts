import type { DocumentOptions, ParseOptions, SchemaOptions, ToJSOptions } from 'yaml';
import type { PipelineSystem } from './pipeline-system.js';

/** GitLab's `!reference [job, key]`: kept as the sequence it names, so it neither fails nor warns. */
const reference = { tag: '!reference', collection: 'seq' as const, default: false, resolve: (v: unknown) => v };

type Options = ParseOptions & DocumentOptions & SchemaOptions & ToJSOptions;

/**
 * YAML read as each CI system reads it. GitLab (and Drone, Travis, AppVeyor, Cirrus, which use
 * lenient Go/Ruby readers) take `<<:` merge keys, repeat them, and let a later duplicate key win;
 * GitHub rejects duplicate keys. Drone files are YAML streams: one pipeline per document.
 */
function optionsFor(system: PipelineSystem): Options {
  const lenient = system !== 'github-actions';
  return { uniqueKeys: !lenient, merge: lenient, customTags: system === 'gitlab-ci' ? [reference] : [], logLevel: 'silent', maxAliasCount: 10_000 };
}

let yaml: typeof import('yaml') | undefined;

/**
 * Loads the YAML parser (~100 ms of module loading): once, by whatever parses pipelines first,
 * so a backup of folders alone never pays for it.
 */
export async function loadYaml(): Promise<void> {
  yaml ??= await import('yaml');
}

const MULTI_DOCUMENT = new Set<PipelineSystem>(['drone', 'tekton']);

/** The documents of a pipeline file as plain values, or the first error (one line). */
export function readYaml(system: PipelineSystem, text: string): { docs: unknown[] } | { error: string } {
  if (!yaml) throw new Error('readYaml before loadYaml');
  const opts = optionsFor(system);
  const docs = MULTI_DOCUMENT.has(system) ? yaml.parseAllDocuments(text, opts) : [yaml.parseDocument(text, opts)];
  if (!Array.isArray(docs)) return { docs: [] }; // an empty stream
  for (const d of docs) {
    if (d.errors.length > 0) return { error: d.errors[0]!.message.split('\n')[0]! };
  }
  try {
    return { docs: docs.map((d) => d.toJS(opts) as unknown).filter((d) => d !== null && d !== undefined) };
  } catch (e) {
    return { error: (e as Error).message.split('\n')[0]! };
  }
}
