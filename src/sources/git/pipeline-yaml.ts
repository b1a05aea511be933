import type { PipelineSystem } from './pipeline-system.js';
import { yamlModule } from '../../util/yaml-module.js';

/** What reading a pipeline file's YAML gives: its documents as plain values, or the first error (one line). */
export type YamlRead = { docs: unknown[] } | { error: string };

/**
 * The documents of a pipeline file as plain values, or the first error (one line), read as each CI
 * system reads them. GitLab (and Drone, Travis, AppVeyor, Cirrus, which use lenient Go/Ruby
 * readers) take `<<:` merge keys, repeat them, and let a later duplicate key win; GitHub rejects
 * duplicate keys. Drone and Tekton files are YAML streams: one pipeline per document. GitLab's
 * `!reference [job, key]` is kept as the sequence it names, so it neither fails nor warns.
 */
export function readYaml(system: PipelineSystem, text: string): YamlRead {
  const yaml = yamlModule(); // loaded by the first call (util/yaml-module.ts): a backup of folders alone never pays for it
  const lenient = system !== 'github-actions';
  const reference = { tag: '!reference', collection: 'seq' as const, default: false, resolve: (v: unknown) => v };
  const opts = { uniqueKeys: !lenient, merge: lenient, customTags: system === 'gitlab-ci' ? [reference] : [], logLevel: 'silent' as const, maxAliasCount: 10_000 };
  const docs = system === 'drone' || system === 'tekton' ? yaml.parseAllDocuments(text, opts) : [yaml.parseDocument(text, opts)];
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

