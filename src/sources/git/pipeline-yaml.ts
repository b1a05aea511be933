import type { PipelineSystem } from './pipeline-system.js';
import { yamlModule } from '../../util/yaml-module.js';

/**
 * The largest pipeline file read and parsed. The file is whoever pushed a branch's bytes (the agent
 * parses every branch's pipelines) or a snapshot writer's (the operator's drill parses them again):
 * the YAML parser keeps a node per value, a 3 MB file of short keys took 5 s and 860 MB, 30 MB would
 * end the process. GitLab itself refuses a CI file over 1 MB by default (max_yaml_size_bytes).
 */
export const PIPELINE_FILE_LIMIT = 1024 * 1024;

/**
 * The most bytes of pipeline files one scan (one repository's backup, a drill's step, a diff) reads
 * and parses. A repository anyone can push to may hold hundreds of distinct files just under the
 * limit, on as many branches, each ~5 s and ~600 MB to parse: the files past this budget are
 * recorded unparsed (`deferred`) and parsed by the next backups, which read them first.
 */
export const PIPELINE_PARSE_BUDGET = 16 * 1024 * 1024;

/** What a pipeline file past the scan's budget is recorded as: invalid for now, unread, with why. */
export const deferredError = (bytes: number) =>
  `${bytes} bytes, past the ${PIPELINE_PARSE_BUDGET} bytes of pipeline files one backup of a repository parses: not parsed yet (the next backup does)`;

/** What a pipeline file over the limit is recorded as: invalid, unread, with its size. */
export const oversizedError = (bytes: number) => `${bytes} bytes, over the ${PIPELINE_FILE_LIMIT} bytes a pipeline file is read to: not parsed`;

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
  const bytes = Buffer.byteLength(text);
  if (bytes > PIPELINE_FILE_LIMIT) return { error: oversizedError(bytes) };
  const yaml = yamlModule(); // loaded by the first call (util/yaml-module.ts): a backup of folders alone never pays for it
  const lenient = system !== 'github-actions';
  const reference = { tag: '!reference', collection: 'seq' as const, default: false, resolve: (v: unknown) => v };
  // GitHub's duplicate keys are found below in one pass: the parser's own check compares every key
  // of a mapping with every other (a 1 MiB mapping of short keys took minutes).
  const opts = { uniqueKeys: false, merge: lenient, customTags: system === 'gitlab-ci' ? [reference] : [], logLevel: 'silent' as const, maxAliasCount: 10_000 };
  const docs = system === 'drone' || system === 'tekton' ? yaml.parseAllDocuments(text, opts) : [yaml.parseDocument(text, opts)];
  if (!Array.isArray(docs)) return { docs: [] }; // an empty stream
  for (const d of docs) {
    if (d.errors.length > 0) return { error: d.errors[0]!.message.split('\n')[0]! };
    const twice = lenient ? undefined : duplicateKey(yaml, d);
    if (twice !== undefined) return { error: `Map keys must be unique: ${JSON.stringify(twice).slice(0, 80)} appears twice` };
  }
  try {
    return { docs: docs.map((d) => d.toJS(opts) as unknown).filter((d) => d !== null && d !== undefined) };
  } catch (e) {
    return { error: (e as Error).message.split('\n')[0]! };
  }
}


/** The first key a mapping of the document holds twice (as the parser's uniqueKeys compares: scalar values), in one pass per mapping. */
function duplicateKey(yaml: typeof import('yaml'), doc: import('yaml').Document): unknown {
  let found: unknown;
  yaml.visit(doc, {
    Map(_, map) {
      const seen = new Set<unknown>();
      for (const { key } of map.items) {
        if (!yaml.isScalar(key)) continue; // a collection as a key equals no other (as the parser compares them)
        if (seen.has(key.value)) {
          found = key.value;
          return yaml.visit.BREAK;
        }
        seen.add(key.value);
      }
      return undefined;
    },
  });
  return found;
}
