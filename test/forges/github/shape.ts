import { createRequire } from 'node:module';
import { description } from './openapi.js';

/**
 * Builds response bodies in GitHub's shapes: a minimal value that satisfies the schema (every
 * required property, nulls where nullable), then a recorded real response from @octokit/fixtures
 * where one exists, then the emulator's own state on top. Validation of every response still runs.
 */
type Json = Record<string, unknown>;

function resolve(schema: Json): Json {
  let s = schema;
  while (typeof s.$ref === 'string') s = description.components.schemas![s.$ref.replace('#/components/schemas/', '')] as Json;
  return s;
}

export function minimal(schemaIn: unknown, depth = 0): unknown {
  const schema = resolve(schemaIn as Json);
  if (schema.nullable && depth > 0) return null;
  const variants = (schema.allOf ?? schema.oneOf ?? schema.anyOf) as Json[] | undefined;
  if (schema.allOf) return Object.assign({}, ...(schema.allOf as Json[]).map((s) => minimal(s, depth)));
  if (variants) return minimal(variants[0], depth);
  if (schema.enum) return (schema.enum as unknown[]).find((e) => e !== null) ?? null;
  switch (schema.type) {
    case 'object': {
      const props = (schema.properties ?? {}) as Record<string, Json>;
      const out: Json = {};
      for (const k of (schema.required as string[]) ?? []) out[k] = props[k] ? minimal(props[k], depth + 1) : null;
      return out;
    }
    case 'array':
      return [];
    case 'integer':
    case 'number':
      return typeof schema.minimum === 'number' ? schema.minimum : 0;
    case 'boolean':
      return false;
    case 'string':
      return stringFor(schema.format as string | undefined);
    default:
      return null;
  }
}

function stringFor(format: string | undefined): string {
  if (format === 'date-time') return '2026-01-01T00:00:00Z';
  if (format === 'uri' || format === 'url') return 'https://github.example/';
  if (format === 'email') return 'nobody@example.com';
  if (format === 'uri-template') return 'https://github.example/{x}';
  if (format === 'date') return '2026-01-01';
  return '';
}

/** Deep merge: objects merge key by key, anything else is replaced. */
export function merge(base: unknown, top: unknown): unknown {
  if (!isObject(base) || !isObject(top)) return top === undefined ? base : top;
  const out: Json = { ...base };
  for (const [k, v] of Object.entries(top)) out[k] = merge(base[k], v);
  return out;
}

const isObject = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x);

const require = createRequire(import.meta.url);
const recorded = (scenario: string, index: number, pick?: (r: unknown) => unknown): unknown => {
  const fixture = require(`@octokit/fixtures/scenarios/api.github.com/${scenario}/normalized-fixture.json`) as { response: unknown }[];
  const r = fixture[index]!.response;
  return pick ? pick(r) : r;
};

/** Real recorded responses (octokit's fixtures) used as the base of the emulator's bodies. */
const templates: Record<string, () => unknown> = {
  'full-repository': () => recorded('get-repository', 0),
  label: () => recorded('labels', 1),
  issue: () => recorded('paginate-issues', 0, (r) => (r as unknown[])[0]),
  release: () => recorded('release-assets', 0),
  'release-asset': () => recorded('release-assets', 1),
};
const cache = new Map<string, unknown>();

/** A body of schema `name` (components/schemas) holding `fields`. */
export function shape(name: string, fields: Json): Json {
  let base = cache.get(name);
  if (base === undefined) {
    base = minimal({ $ref: `#/components/schemas/${name}` });
    const t = templates[name];
    if (t) base = merge(base, t());
    cache.set(name, base);
  }
  return merge(structuredClone(base), fields) as Json;
}
