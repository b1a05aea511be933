import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoopbackServer } from '../loopback-server.js';
import { serveGit } from '../github/git-backend.js';
import type { Ctx, J, Reply, Route } from './http.js';
import type { World } from './state.js';
import { Render } from './render.js';
import { ErrorBody } from './schemas.js';
import { openapiRequestProblems, openapiResponseProblems } from './openapi.js';

export interface Counters {
  /** Every API request received (git traffic apart). */
  requests: number;
  /** Requests answered 429. */
  limited: number;
  byRoute: Map<string, number>;
}

/**
 * The HTTP front of the emulator: token auth (PRIVATE-TOKEN or Bearer; a read_api token may only
 * read), GitLab's RateLimit-* headers and 429 + Retry-After, offset and keyset pagination, and
 * validation of every request and response (README: against GitLab's OpenAPI description where it
 * describes the route, openapi.ts, and against gitbeaker's shapes); `/FULL/PATH.git/…` goes to git-http-backend.
 */
export class GitlabServer extends LoopbackServer {
  readonly counters: Counters = { requests: 0, limited: 0, byRoute: new Map() };
  /** `remaining` requests until `resetAt` (epoch ms), then refilled to `limit`. */
  rate = { limit: 2000, remaining: 2000, resetAt: Date.now() + 60_000 };
  /** Fault injection: routes (`METHOD TEMPLATE`) whose next request is answered 500, once each. */
  readonly failOnce = new Set<string>();

  constructor(private readonly world: World, private readonly routes: Route[], readonly tokens: { read: Set<string>; write: Set<string> }) {
    super();
  }

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.base);
    const git = /^\/(.+?)(\.wiki)?\.git(\/.*)?$/.exec(url.pathname);
    if (git && !url.pathname.startsWith('/api/')) {
      const p = this.world.project(decodeURIComponent(git[1]!));
      if (!p || (git[2] && !p.wikiDir)) return void res.writeHead(404).end('The project you were looking for could not be found.');
      const dir = git[2] ? p.wikiDir! : p.gitDir;
      return serveGit(req, res, this.world.gitRoot, `/${dir.slice(this.world.gitRoot.length + 1)}${git[3] ?? ''}`, url.search.slice(1));
    }
    if (!url.pathname.startsWith('/api/v4/')) return void res.writeHead(404).end();
    this.counters.requests++;
    const segments = url.pathname.slice('/api/v4'.length).split('/');
    const match = this.match(req.method ?? 'GET', segments);
    if (!match) return this.fail(res, `${req.method} ${url.pathname} is not an endpoint the emulator serves (GitLab's or not)`);
    const { route, params } = match;
    const key = `${route.method} ${route.template}`;
    this.counters.byRoute.set(key, (this.counters.byRoute.get(key) ?? 0) + 1);
    if (this.failOnce.delete(key)) return this.send(res, route, { status: 500, body: { message: '500 Internal Server Error' } });
    const token = String(req.headers['private-token'] ?? /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '');
    if (!this.tokens.read.has(token) && !this.tokens.write.has(token)) return this.send(res, route, { status: 401, body: { message: '401 Unauthorized' } });
    if (this.limited(res)) return;
    const bytes = await readBody(req);
    let body: J = {};
    try {
      if (bytes.length > 0) body = JSON.parse(bytes.toString('utf8')) as J;
    } catch {
      return this.fail(res, `${key}: request body is not JSON`);
    }
    const query = Object.fromEntries(url.searchParams);
    const problems = [...validateRequest(route, query, bytes.length > 0 ? body : undefined), ...openapiRequestProblems(route, params, url.searchParams, bytes.length > 0 ? body : undefined)];
    if (problems.length > 0) return this.fail(res, problems.join('; '));
    if (route.method !== 'GET' && !this.tokens.write.has(token)) {
      return this.send(res, route, { status: 403, body: { error: 'insufficient_scope', error_description: 'The request requires higher privileges than provided by the access token.', scope: 'api' } });
    }
    const ctx: Ctx = { world: this.world, r: new Render(this.world, this.base), params, query, body, owner: this.tokens.write.has(token) };
    const reply = route.handler(ctx);
    if (reply.list) return this.sendList(res, route, reply.list, url);
    this.send(res, route, reply);
  }

  private match(method: string, segments: string[]): { route: Route; params: Record<string, string> } | undefined {
    for (const route of this.routes) {
      if (route.method !== method) continue;
      const t = route.template.split('/');
      if (t.length !== segments.length) continue;
      const params: Record<string, string> = {};
      if (t.every((s, i) => (s.startsWith(':') ? ((params[s.slice(1)] = decodeURIComponent(segments[i]!)), segments[i] !== '') : s === segments[i]))) return { route, params };
    }
    return undefined;
  }

  /** GitLab's limit: 429 "Retry later" with Retry-After once `remaining` is spent, until the reset. */
  private limited(res: ServerResponse): boolean {
    if (this.rate.remaining <= 0 && Date.now() >= this.rate.resetAt) this.rate = { ...this.rate, remaining: this.rate.limit, resetAt: Date.now() + 60_000 };
    if (this.rate.remaining > 0) {
      this.rate.remaining--;
      return false;
    }
    this.counters.limited++;
    res.writeHead(429, { ...this.rateHeaders(), 'retry-after': String(Math.max(1, Math.ceil((this.rate.resetAt - Date.now()) / 1000))), 'content-type': 'text/plain' }).end('Retry later\n');
    return true;
  }

  private rateHeaders(): Record<string, string> {
    const reset = Math.ceil(this.rate.resetAt / 1000);
    return {
      'ratelimit-name': 'throttle_authenticated_api',
      'ratelimit-limit': String(this.rate.limit),
      'ratelimit-observed': String(this.rate.limit - Math.max(0, this.rate.remaining)),
      'ratelimit-remaining': String(Math.max(0, this.rate.remaining)),
      'ratelimit-reset': String(reset),
      'ratelimit-resettime': new Date(reset * 1000).toUTCString(),
    };
  }

  private sendList(res: ServerResponse, route: Route, items: J[], url: URL): void {
    const perPage = Math.min(100, Number(url.searchParams.get('per_page') ?? 20));
    const link = (set: Record<string, string>) => {
      const u = new URL(url);
      for (const [k, v] of Object.entries(set)) u.searchParams.set(k, v);
      return `<${u.toString()}>`;
    };
    if (route.keyset && url.searchParams.get('pagination') === 'keyset') {
      const desc = url.searchParams.get('sort') === 'desc';
      const after = Number(url.searchParams.get('id_after') ?? url.searchParams.get('id_before') ?? (desc ? Infinity : 0));
      const sorted = [...items].sort((a, b) => (Number(a.id) - Number(b.id)) * (desc ? -1 : 1)).filter((x) => (desc ? Number(x.id) < after : Number(x.id) > after));
      const page = sorted.slice(0, perPage);
      const more = sorted.length > perPage;
      const next: Record<string, string> = more ? { link: `${link({ [desc ? 'id_before' : 'id_after']: String(page.at(-1)!.id), per_page: String(perPage) })}; rel="next"` } : {};
      return this.send(res, route, { status: 200, body: page }, next);
    }
    const page = Number(url.searchParams.get('page') ?? 1);
    const total = Math.max(1, Math.ceil(items.length / perPage));
    const headers: Record<string, string> = { 'x-page': String(page), 'x-per-page': String(perPage), 'x-total': String(items.length), 'x-total-pages': String(total), 'x-next-page': page < total ? String(page + 1) : '', 'x-prev-page': page > 1 ? String(page - 1) : '' };
    const rels = [page < total && `${link({ page: String(page + 1), per_page: String(perPage) })}; rel="next"`, page > 1 && `${link({ page: String(page - 1), per_page: String(perPage) })}; rel="prev"`, `${link({ page: '1', per_page: String(perPage) })}; rel="first"`, `${link({ page: String(total), per_page: String(perPage) })}; rel="last"`];
    headers.link = rels.filter(Boolean).join(', ');
    this.send(res, route, { status: 200, body: items.slice((page - 1) * perPage, page * perPage) }, headers);
  }

  private send(res: ServerResponse, route: Route, reply: Reply, headers: Record<string, string> = {}): void {
    const problems = [...validateResponse(route, reply), ...openapiResponseProblems(route, reply)];
    if (problems.length > 0) return this.fail(res, problems.join('; '));
    res.writeHead(reply.status, { ...(reply.body !== undefined && { 'content-type': 'application/json' }), ...this.rateHeaders(), ...headers });
    res.end(reply.body === undefined ? undefined : JSON.stringify(reply.body));
  }
}

const PAGE = ['page', 'per_page'];
const KEYSET = ['pagination', 'order_by', 'sort', 'id_after', 'id_before'];

/** Unknown or ill-typed query parameters, and a body the endpoint does not take or of the wrong shape. */
export function validateRequest(route: Route, query: Record<string, string>, body: J | undefined): string[] {
  const id = `${route.method} ${route.template}`;
  const problems: string[] = [];
  for (const [name, value] of Object.entries(query)) {
    const schema = route.query?.[name];
    if (schema) {
      const r = schema.safeParse(value);
      if (!r.success) problems.push(`${id}: query ${name}=${value}: ${r.error.issues[0]?.message}`);
    } else if (!(route.list && PAGE.includes(name)) && !(route.keyset && KEYSET.includes(name))) problems.push(`${id}: query parameter "${name}" is not one this endpoint takes`);
  }
  if (body !== undefined) {
    // gitbeaker sends `{}` when it has no body field (its options went to the query): GitLab reads that as none.
    if (!route.body) {
      if (Object.keys(body).length > 0) problems.push(`${id}: this endpoint takes no body`);
    }
    else {
      const r = route.body.strict().safeParse(body);
      if (!r.success) problems.push(...r.error.issues.slice(0, 5).map((i) => `${id} body ${i.path.join('.')}: ${i.message}`));
    }
  }
  return problems;
}

/** A success of the declared shape (each item of a list), an error of GitLab's error shape. */
export function validateResponse(route: Route, reply: Reply): string[] {
  const id = `${route.method} ${route.template} ${reply.status}`;
  if (reply.status >= 400) return ErrorBody.safeParse(reply.body).success ? [] : [`${id}: error body is not GitLab's { message } or { error }`];
  if (reply.status === 204 || reply.status === 202 || !route.response) return [];
  const values = Array.isArray(reply.body) && !(route.response as { element?: unknown }).element ? reply.body : [reply.body];
  for (const v of values) {
    const r = route.response.safeParse(v);
    if (!r.success) return r.error.issues.slice(0, 5).map((i) => `${id} ${i.path.join('.')}: ${i.message}`);
  }
  return [];
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (d: Buffer) => parts.push(d));
    req.on('end', () => resolve(Buffer.concat(parts)));
    req.on('error', reject);
  });
}
