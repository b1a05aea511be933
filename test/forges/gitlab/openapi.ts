import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { J, Reply, Route } from './http.js';
import { parsedDocument, ValidatorCache } from '../validator-cache.js';

/**
 * GitLab's own published OpenAPI description (Swagger 2.0) of REST v4, trimmed to the operations the
 * emulator serves (openapi-v2.trimmed.yaml; source, commit and licence in its header). Each route of
 * the emulator is matched to its operation there, where GitLab describes it, and every request and
 * response of those routes is validated against that operation: path and query parameters, the
 * body, and a success's body against the documented response schema. README says what is not covered.
 */
type Schema = Record<string, unknown>;
interface Param extends Schema { name: string; in: string; required?: boolean; schema?: Schema }
interface Op { parameters?: Param[]; responses: Record<string, { schema?: Schema }> }
export interface Operation { id: string; path: string; op: Op }

const text = readFileSync(new URL('./openapi-v2.trimmed.yaml', import.meta.url), 'utf8');
// Parsed once and kept as JSON (test/forges/validator-cache.ts); yaml is loaded only to parse it.
const require = createRequire(import.meta.url);
const yaml = `yaml@${(require('yaml/package.json') as { version: string }).version}`;
export const description = parsedDocument('gitlab', text, yaml, (t) => (require('yaml') as typeof import('yaml')).parse(t)) as { paths: Record<string, Record<string, Op>>; definitions: Record<string, Schema> };

/**
 * Query parameters GitLab takes on an operation though its description does not list them (grape-swagger
 * leaves out what an endpoint reads outside its `params` block). Each is documented in GitLab's REST
 * docs; the schemas here are ours, not GitLab's text.
 */
const BEYOND: Record<string, Record<string, Schema>> = {
  // doc/api/rest/index.md "Keyset-based pagination": /projects and /groups, `pagination=keyset`.
  'GET /api/v4/groups': { pagination: { enum: ['keyset'] }, id_after: { type: 'integer' }, id_before: { type: 'integer' } },
  'GET /api/v4/projects': { pagination: { enum: ['keyset'] } },
  // doc/api/projects.md "Delete a project": Premium's immediate deletion of a project marked for deletion.
  'DELETE /api/v4/projects/{id}': { permanently_remove: { type: 'boolean' }, full_path: { type: 'string' } },
};

const JSON_TYPES = new Set(['string', 'integer', 'number', 'boolean', 'object', 'array']);
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => void;
const mapProps = (p: unknown, f: (s: Schema) => Schema) => Object.fromEntries(Object.entries(p as Record<string, Schema>).map(([k, v]) => [k, f(v)]));

/** Request schemas as GitLab states them; a type Swagger does not know (`file`) says nothing. */
function strict(s: Schema): Schema {
  if (typeof s.type === 'string' && !JSON_TYPES.has(s.type)) return {};
  const out: Schema = { ...s };
  delete out.example;
  // `format: date-time` is grape-swagger's name for a Ruby DateTime parameter, which Grape parses
  // from a date alone as well: a member's `expires_at` is "Date string in the format YEAR-MONTH-DAY".
  if (out.format === 'date-time') {
    delete out.format;
    out.anyOf = [{ format: 'date-time' }, { format: 'date' }];
  }
  if (out.properties) out.properties = mapProps(out.properties, strict);
  if (out.items) out.items = strict(out.items as Schema);
  return out;
}

/**
 * Response schemas as grape-swagger's output means them. Swagger 2.0 cannot say null, and GitLab's
 * entities answer null for what is unset: null is taken everywhere. A bare `type: string` is the
 * generator's default for an exposure GitLab did not document (GroupDetail's `id` is one), and a type
 * Swagger does not know (`text`, `symbol`) says nothing: both take any value. An entity given as a
 * bare `$ref` is exposed as one or as a list of them (the generator drops `is_array`; every list
 * answer of /variables or /runners is so described): both are taken. Where a property's own example
 * is of another type than the one it declares (ProjectHook's `id: {type: string, example: 1}`; GitLab
 * answers a number, as its REST docs show), the description contradicts itself: both types are taken.
 */
function loose(s: Schema, inItems = false): Schema {
  if (typeof s.$ref === 'string') return inItems ? s : { anyOf: [s, { type: 'array', items: s }, { type: 'null' }] };
  if (s.type === 'string' && Object.keys(s).length === 1) return {};
  if (typeof s.type === 'string' && !JSON_TYPES.has(s.type)) return {};
  const out: Schema = { ...s };
  const example = typeof out.example === 'number' ? (Number.isInteger(out.example) ? 'integer' : 'number') : typeof out.example === 'boolean' ? 'boolean' : undefined;
  delete out.example;
  if (out.properties) out.properties = mapProps(out.properties, (p) => loose(p));
  if (out.items) out.items = loose(out.items as Schema, true);
  if (typeof out.type === 'string') out.type = [...new Set([out.type, ...(example && out.type === 'string' ? [example] : []), 'null'])];
  if (Array.isArray(out.enum)) out.enum = [...(out.enum as unknown[]), null];
  return out;
}

function ajvFor(id: string, shape: (s: Schema) => Schema, coerce: boolean): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: true, logger: false, validateSchema: false, coerceTypes: coerce ? 'array' : false, code: { source: true } });
  addFormats(ajv);
  ajv.addSchema({ $id: id, definitions: mapProps(description.definitions, shape) });
  return ajv;
}
/** Requests are read as Grape reads them: a value is coerced to the declared type, then checked. */
const requests = 'gl';
const responses = 'glr';
type Instance = typeof requests | typeof responses;
const instances = new Map<string, Ajv>();
/** Ajv with the description's definitions, built only when a validator is not in the cache yet. */
const ajvOf = (id: string): Ajv => {
  if (!instances.has(id)) instances.set(id, id === requests ? ajvFor(requests, strict, true) : ajvFor(responses, loose, false));
  return instances.get(id)!;
};
const cache = new ValidatorCache('gitlab', text, import.meta.url, ajvOf);
const compiled = new Map<string, ValidateFunction>();

function check(base: Instance, key: string, schema: Schema, value: unknown, what: string): string[] {
  let v = compiled.get(key);
  if (!v) {
    v = cache.compile(base, JSON.parse(JSON.stringify(schema).replace(/"\$ref":"#\/definitions\//g, `"$ref":"${base}#/definitions/`)) as Schema);
    compiled.set(key, v);
  }
  if (v(value)) return [];
  return (v.errors ?? []).slice(0, 5).map((e) => `${what}${e.instancePath} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}

const shape = (path: string) => path.replace(/^\/api\/v4/, '').replace(/\{[^}]+\}|:[^/]+/g, '*');
const byShape = new Map(Object.entries(description.paths).flatMap(([path, item]) => Object.entries(item).map(([m, op]) => [`${m.toUpperCase()} ${shape(path)}`, { id: `${m.toUpperCase()} ${path}`, path, op }] as const)));

/** The operation of GitLab's description an emulator route is, if the description has it. */
export function operationOf(route: Route): Operation | undefined {
  return byShape.get(`${route.method} ${shape(route.template)}`);
}

function definition(s: Schema | undefined): Schema | undefined {
  const ref = typeof s?.$ref === 'string' ? /^#\/definitions\/(.+)$/.exec(s.$ref)?.[1] : undefined;
  return ref ? description.definitions[ref] : s;
}

/** `a[b]=c` as Rack (and so Grape) reads it: `{ a: { b: c } }`. */
function nest(target: J, name: string, value: unknown): void {
  const [head, ...rest] = name.split('[').map((p) => p.replace(/\]$/, ''));
  let at = target;
  for (const k of [head!, ...rest].slice(0, -1)) at = (at[k] ??= {}) as J;
  at[[head!, ...rest].at(-1)!] = value;
}

/**
 * A parameter's own schema. A path parameter with no description is grape-swagger's placeholder for
 * a segment the endpoint declares nowhere, typed `integer` by default (the `:id` of /restore, of
 * /wikis, which take a URL-encoded path as well, as GitLab's docs say): it says nothing of the value.
 */
function paramSchema(p: Param): Schema {
  if (p.in === 'path' && p.description === undefined) return { type: 'string' };
  return strict(Object.fromEntries(Object.entries(p).filter(([k]) => ['type', 'format', 'enum', 'items', 'minimum', 'maximum'].includes(k))));
}

/**
 * Problems with a request to a described operation: path parameters not of their type, query
 * parameters it does not take (or not of their type), missing required ones, a body not of its
 * schema or with members it does not take. Grape reads a declared parameter from the query string
 * or the body alike, so where the operation has a body, query parameters are read as its members.
 */
export function openapiRequestProblems(route: Route, params: Record<string, string>, query: URLSearchParams, body: J | undefined): string[] {
  const o = operationOf(route);
  if (!o) return [];
  const all = o.op.parameters ?? [];
  const problems: string[] = [];
  const values = route.template.split('/').filter((s) => s.startsWith(':')).map((s) => params[s.slice(1)]);
  o.path.match(/\{[^}]+\}/g)?.forEach((n, i) => {
    const p = all.find((x) => x.in === 'path' && x.name === n.slice(1, -1));
    if (p) problems.push(...check(requests, `${o.id} path ${p.name}`, { type: 'object', properties: { [p.name]: paramSchema(p) } }, { [p.name]: values[i] }, `${o.id} path `));
  });
  const bodyParam = all.find((x) => x.in === 'body');
  const fromQuery: J = {};
  for (const [name, raw] of query) {
    const p = all.find((x) => x.in === 'query' && x.name === name);
    const beyond = BEYOND[o.id]?.[name];
    if (p || beyond) problems.push(...check(requests, `${o.id}?${name}`, { type: 'object', properties: { [name]: p ? paramSchema(p) : beyond! } }, { [name]: raw }, `${o.id} query `));
    else if (bodyParam) nest(fromQuery, name, raw);
    else problems.push(`${o.id}: query parameter "${name}" is not in GitLab's description of this operation`);
  }
  for (const p of all) if (p.in === 'query' && p.required && !query.has(p.name)) problems.push(`${o.id}: required query parameter "${p.name}" missing`);
  const given = body !== undefined && Object.keys(body).length > 0;
  if (!bodyParam) return given ? [...problems, `${o.id}: GitLab's description gives this operation no body`] : problems;
  const merged = JSON.parse(JSON.stringify({ ...fromQuery, ...(body ?? {}) })) as J;
  const shape = definition(bodyParam.schema);
  const declared = Object.keys((shape?.properties as Schema | undefined) ?? {});
  for (const k of Object.keys(merged)) if (!declared.includes(k)) problems.push(`${o.id}: "${k}" is not a parameter of this operation in GitLab's description`);
  // Grape's coercion passes a JSON null through as nil (an optional DateTime sent as null clears a
  // member's expiry): a null optional member is checked as declared, not against its type.
  const required = (shape?.required as string[] | undefined) ?? [];
  for (const k of Object.keys(merged)) if (merged[k] === null && !required.includes(k)) delete merged[k];
  problems.push(...check(requests, `${o.id} body`, bodyParam.schema ?? {}, merged, `${o.id} body `));
  return problems;
}

/**
 * Problems with an answer of a described operation: a success status it does not list, a success body
 * not of the listed schema. Errors are left to GitLab's error shape (schemas.ts): the description
 * lists only the failures each endpoint's authors declared, while any endpoint answers 401, 403, 404.
 */
export function openapiResponseProblems(route: Route, reply: Reply): string[] {
  const o = operationOf(route);
  if (!o || reply.status >= 400) return [];
  const declared = o.op.responses[String(reply.status)];
  if (!declared) return [`${o.id}: GitLab's description lists no ${reply.status} for this operation (it lists ${Object.keys(o.op.responses).join(', ')})`];
  if (!declared.schema || reply.body === undefined) return [];
  return check(responses, `${o.id} ${reply.status}`, loose(declared.schema), reply.body, `${o.id} ${reply.status} `);
}
