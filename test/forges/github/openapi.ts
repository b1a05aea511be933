import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { ValidatorCache } from '../validator-cache.js';

/**
 * GitHub's own published OpenAPI description of api.github.com (from @octokit/openapi): the emulator
 * finds each request's operation in it, and every request it gets and every response it sends is
 * validated against that operation's parameters, body and response schemas.
 */
type Json = Record<string, unknown>;
export interface Operation {
  method: string;
  template: string;
  params: Record<string, string>;
  op: Json;
}

const require = createRequire(import.meta.url);
const file = require.resolve('@octokit/openapi/generated/api.github.com.json');
// Read as bytes, decoded once: the cache's key hashes the bytes (the same digest as the text's UTF-8,
// ~10 ms for these 13 MB against ~80 ms for the string, which it would encode first).
const bytes = readFileSync(file);
export const description = JSON.parse(bytes.toString('utf8')) as { paths: Record<string, Record<string, Json>>; components: Record<string, Record<string, Json>> };

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => void;
let ajv: Ajv | undefined;
/** The description's components in Ajv, built only when a validator is not in the cache yet. */
export function components(): Ajv {
  if (!ajv) {
    ajv = new Ajv({ strict: false, allErrors: true, logger: false, validateSchema: false, coerceTypes: false, code: { source: true } });
    addFormats(ajv);
    ajv.addSchema({ $id: 'gh', components: forAjv(description.components) });
  }
  return ajv;
}
const cache = new ValidatorCache('github', bytes, import.meta.url, components);
const compiled = new Map<string, ValidateFunction>();
let nextId = 0;

/**
 * OpenAPI 3.0's `nullable` beside `allOf`/`$ref` without a `type` (GitHub writes it so) is not JSON
 * Schema; it becomes `anyOf: [schema, null]`, which means the same.
 */
function forAjv<T>(x: T): T {
  if (Array.isArray(x)) return x.map(forAjv) as T;
  if (typeof x !== 'object' || x === null) return x;
  const out = Object.fromEntries(Object.entries(x).map(([k, v]) => [k, forAjv(v)])) as Json;
  if (out.nullable === true && out.type === undefined) {
    const rest = { ...out };
    delete rest.nullable;
    return { anyOf: [rest, { type: 'null' }] } as T;
  }
  if (out.nullable === true && Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...(out.enum as unknown[]), null];
  return out as T;
}

interface Route {
  re: RegExp;
  names: string[];
  template: string;
  literal: number;
}
const routes: Route[] = Object.keys(description.paths)
  .map((template) => {
    const names: string[] = [];
    const re = new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{([^}]+)\}/g, (_, n: string) => (names.push(n), '([^/]+)'))}$`);
    return { re, names, template, literal: template.replace(/\{[^}]+\}/g, '').length };
  })
  .sort((a, b) => b.literal - a.literal); // /releases/latest before /releases/{release_id}

const found = new Map<string, Operation | undefined>();

export function findOperation(method: string, path: string): Operation | undefined {
  const key = `${method} ${path}`;
  if (!found.has(key)) found.set(key, lookup(method, path));
  return found.get(key);
}

function lookup(method: string, path: string): Operation | undefined {
  for (const r of routes) {
    const m = r.re.exec(path);
    const op = m && description.paths[r.template]![method.toLowerCase()];
    if (!m || !op) continue;
    return { method: method.toUpperCase(), template: r.template, params: Object.fromEntries(r.names.map((n, i) => [n, decodeURIComponent(m[i + 1]!)])), op };
  }
  return undefined;
}

/** Follows a `$ref` to components (responses, parameters, request bodies are referenced, not schemas). */
export function deref<T = Json>(x: unknown): T {
  let v = x as Json;
  while (v && typeof v.$ref === 'string') {
    const [, kind, name] = /^#\/components\/([^/]+)\/(.+)$/.exec(v.$ref)!;
    v = description.components[kind!]![name!] as Json;
  }
  return v as T;
}

function validator(key: string, schema: unknown): ValidateFunction {
  let v = compiled.get(key);
  if (!v) {
    // The schema is compiled inside the description's components, so its own `#/components/…` refs resolve.
    v = cache.compile('gh', forAjv(rebase(schema)), `gh-${nextId++}`);
    compiled.set(key, v);
  }
  return v;
}

/** Rewrites `#/components/…` refs of an inline schema to the registered description. */
function rebase(schema: unknown): Json {
  return JSON.parse(JSON.stringify(schema).replace(/"\$ref":"#\/components\//g, '"$ref":"gh#/components/')) as Json;
}

function check(key: string, schema: unknown, value: unknown, what: string): string[] {
  const v = validator(key, schema);
  if (v(value)) return [];
  return (v.errors ?? []).slice(0, 5).map((e) => `${what}${e.instancePath} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}

function coerce(raw: string, schema: Json): unknown {
  if (schema.type === 'integer' || schema.type === 'number') return /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
  if (schema.type === 'boolean') return raw === 'true' ? true : raw === 'false' ? false : raw;
  if (schema.type === 'array') return raw.split(',');
  return raw;
}

/** Problems with a request: unknown query parameters, ones of the wrong type, a body not of the operation's schema. */
export function validateRequest(o: Operation, query: URLSearchParams, body: unknown): string[] {
  const id = `${o.method} ${o.template}`;
  const params = ((o.op.parameters as unknown[]) ?? []).map((p) => deref<{ name: string; in: string; required?: boolean; schema: Json }>(p));
  const problems: string[] = [];
  for (const [name, raw] of query) {
    const p = params.find((x) => x.in === 'query' && x.name === name);
    if (!p) problems.push(`${id}: query parameter "${name}" is not in GitHub's description`);
    else problems.push(...check(`${id}?${name}`, p.schema, coerce(raw, p.schema), `${id} ?${name}`));
  }
  for (const p of params) if (p.in === 'query' && p.required && !query.has(p.name)) problems.push(`${id}: required query parameter "${p.name}" missing`);
  const rb = o.op.requestBody ? deref<{ required?: boolean; content: Record<string, { schema: unknown }> }>(o.op.requestBody) : undefined;
  const schema = rb?.content['application/json']?.schema;
  if (schema && body !== undefined) problems.push(...check(`${id} body`, schema, body, `${id} request body`));
  else if (rb?.required && body === undefined && rb.content['application/json']) problems.push(`${id}: request body required`);
  else if (!rb && body !== undefined) problems.push(`${id}: this operation takes no request body`);
  return problems;
}

/**
 * Problems with a response. Statuses every operation can answer with on GitHub (304 to a conditional
 * GET, 403/429 for rate limits) are held to GitHub's basic-error shape where the operation does not list them.
 */
export function validateResponse(o: Operation, status: number, body: unknown): string[] {
  const id = `${o.method} ${o.template}`;
  const responses = o.op.responses as Record<string, unknown>;
  const declared = responses[String(status)];
  if (!declared) {
    if (status === 304 && o.method === 'GET') return body === undefined ? [] : [`${id}: a 304 has no body`];
    if (status === 401 || status === 403 || status === 429) return check('basic-error', { $ref: '#/components/schemas/basic-error' }, body, `${id} ${status}`);
    return [`${id}: GitHub's description lists no ${status} response for this operation (it lists ${Object.keys(responses).join(', ')})`];
  }
  const schema = deref<{ content?: Record<string, { schema: unknown }> }>(declared).content?.['application/json']?.schema;
  if (!schema) return body === undefined || status === 302 ? [] : [`${id}: GitHub's ${status} for this operation has no JSON body`];
  return check(`${id} ${status}`, schema, body, `${id} ${status}`);
}

/** The JSON schema of an operation's response, for building bodies. */
export function responseSchema(o: Operation, status: number): unknown {
  const declared = (o.op.responses as Record<string, unknown>)[String(status)];
  return declared && deref<{ content?: Record<string, { schema: unknown }> }>(declared).content?.['application/json']?.schema;
}

/** Whether GitHub paginates this operation (it takes `page` or cursor parameters). */
export function paginated(o: Operation): boolean {
  return ((o.op.parameters as unknown[]) ?? []).some((p) => deref<{ name: string }>(p).name === 'page');
}
