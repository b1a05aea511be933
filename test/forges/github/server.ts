import type { IncomingMessage, ServerResponse } from 'node:http';
import { createHash } from 'node:crypto';
import { LoopbackServer } from '../loopback-server.js';
import { findOperation, paginated, validateRequest, validateResponse, type Operation } from './openapi.js';
import { serveGit } from './git-backend.js';
import type { Ctx, Reply, Routes } from './http.js';
import type { World } from './state.js';
import { download } from './routes-releases.js';

export interface Counters {
  /** Every API request received (git traffic apart). */
  requests: number;
  /** Requests that counted against the primary rate limit (a 304 does not, as on GitHub). */
  counted: number;
  notModified: number;
  /** Requests answered 403/429 for a primary or secondary limit. */
  limited: number;
  byOperation: Map<string, number>;
}

export interface Tokens {
  /** Tokens that may read (the agent's read-only token). */
  read: Set<string>;
  /** Tokens that may also write (the operator's restore token). */
  write: Set<string>;
}

/**
 * The HTTP front of the emulator: token auth, primary and secondary rate limits, conditional
 * requests (ETag / If-None-Match → 304), pagination (per_page, page, Link) and OpenAPI validation
 * of every request and response; `/{owner}/{repo}.git/…` goes to git-http-backend.
 */
export class EmulatorServer extends LoopbackServer {
  readonly counters: Counters = { requests: 0, counted: 0, notModified: 0, limited: 0, byOperation: new Map() };
  /** The primary limit: `remaining` requests until `resetAt` (epoch seconds), when it refills to `limit`. */
  rate = { limit: 5000, remaining: 5000, resetAt: Math.floor(Date.now() / 1000) + 3600, status: 403 as 403 | 429 };
  /** The next N requests get a secondary-limit (abuse) answer with retry-after. */
  secondary = { pending: 0, retryAfter: 1 };

  constructor(
    private readonly world: World,
    private readonly routes: Routes,
    private readonly gitRoot: string,
    readonly tokens: Tokens,
  ) {
    super();
  }

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.base);
    const git = /^\/([^/]+)\/([^/]+?)(\.wiki)?\.git(\/.*)?$/.exec(url.pathname);
    if (git && !url.pathname.startsWith('/repos/')) {
      const repo = this.world.repo(git[1]!, git[2]!);
      if (!repo || (git[3] && !repo.wikiDir)) return void res.writeHead(404).end('Repository not found.');
      return serveGit(req, res, this.gitRoot, `/${repo.owner}/${repo.name}${git[3] ?? ''}.git${git[4] ?? ''}`, url.search.slice(1));
    }
    if (url.pathname.startsWith('/_downloads/')) {
      const data = download({ world: this.world }, url.pathname.slice('/_downloads/'.length));
      return void (data ? res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(data) : res.writeHead(404).end());
    }
    this.counters.requests++;
    const op = findOperation(req.method ?? 'GET', url.pathname);
    if (!op) return this.fail(res, `${req.method} ${url.pathname} is not an operation in GitHub's description`);
    const key = `${op.method} ${op.template}`;
    this.counters.byOperation.set(key, (this.counters.byOperation.get(key) ?? 0) + 1);
    const bytes = await readBody(req);
    const contentType = req.headers['content-type'];
    const json = bytes.length > 0 && (!contentType || contentType.includes('json'));
    let body: unknown;
    try {
      body = json ? JSON.parse(bytes.toString('utf8')) : undefined;
    } catch {
      return this.fail(res, `${key}: request body is not JSON`);
    }
    const auth = /^(?:token|bearer)\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (!auth || !(this.tokens.read.has(auth) || this.tokens.write.has(auth))) {
      return this.send(res, op, { status: 401, body: { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' } });
    }
    if (this.secondary.pending > 0) {
      this.secondary.pending--;
      this.counters.limited++;
      const message = 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.';
      return this.send(res, op, { status: 403, body: { message, documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api' }, headers: { 'retry-after': String(this.secondary.retryAfter) } });
    }
    const problems = validateRequest(op, url.searchParams, body);
    if (problems.length > 0) return this.fail(res, problems.join('; '));
    if (op.method !== 'GET' && !this.tokens.write.has(auth)) {
      return this.send(res, op, { status: 403, body: { message: 'Resource not accessible by personal access token', documentation_url: 'https://docs.github.com/rest' } });
    }
    const handler = this.routes[key];
    if (!handler) return this.fail(res, `${key}: the emulator does not serve this operation`);
    if (op.method !== 'GET' && this.exhausted()) return this.limited(res, op);
    const ctx: Ctx = { world: this.world, params: op.params, query: url.searchParams, body, base: this.base, accept: req.headers.accept, contentType, ...(!json && bytes.length > 0 && { raw: bytes }) };
    let reply = handler(ctx);
    if (reply.list) reply = this.page(reply, url, paginated(op));
    if (op.method === 'GET' && reply.status === 200) {
      const etag = `W/"${createHash('sha1').update(reply.raw ?? JSON.stringify(reply.body)).update(reply.headers?.link ?? '').digest('hex')}"`;
      reply.headers = { ...reply.headers, etag };
      if (req.headers['if-none-match'] === etag) {
        this.counters.notModified++;
        return this.send(res, op, { status: 304, headers: { etag } });
      }
      if (this.exhausted()) return this.limited(res, op);
    }
    this.counters.counted++;
    this.rate.remaining--;
    this.send(res, op, reply);
  }

  private exhausted(): boolean {
    if (this.rate.remaining <= 0 && Date.now() >= this.rate.resetAt * 1000) {
      this.rate.remaining = this.rate.limit;
      this.rate.resetAt = Math.floor(Date.now() / 1000) + 3600;
    }
    return this.rate.remaining <= 0;
  }

  private limited(res: ServerResponse, op: Operation): void {
    this.counters.limited++;
    const message = `API rate limit exceeded for user ID 1. If you reach out to GitHub Support for help, please include the request ID.`;
    this.send(res, op, { status: this.rate.status, body: { message, documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api' }, headers: this.rate.status === 429 ? { 'retry-after': String(Math.max(1, this.rate.resetAt - Math.floor(Date.now() / 1000))) } : {} });
  }

  private page(reply: Reply, url: URL, pages: boolean): Reply {
    const { items, key, wrap } = reply.list!;
    const perPage = Math.min(100, Number(url.searchParams.get('per_page') ?? 30));
    const page = Number(url.searchParams.get('page') ?? 1);
    const slice = pages ? items.slice((page - 1) * perPage, page * perPage) : items;
    const last = Math.max(1, Math.ceil(items.length / perPage));
    const headers: Record<string, string> = {};
    if (pages && last > 1) {
      const at = (n: number) => {
        const u = new URL(url);
        u.searchParams.set('page', String(n));
        u.searchParams.set('per_page', String(perPage));
        return `<${u.toString()}>`;
      };
      const rels = [page < last && `${at(page + 1)}; rel="next"`, page < last && `${at(last)}; rel="last"`, page > 1 && `${at(1)}; rel="first"`, page > 1 && `${at(page - 1)}; rel="prev"`];
      headers.link = rels.filter(Boolean).join(', ');
    }
    const body = key ? { total_count: items.length, ...wrap, [key]: slice } : slice;
    return { status: 200, body, headers };
  }

  private send(res: ServerResponse, op: Operation, reply: Reply): void {
    const problems = reply.raw ? [] : validateResponse(op, reply.status, reply.body);
    if (problems.length > 0) return this.fail(res, problems.join('; '));
    res.writeHead(reply.status, {
      ...(reply.body !== undefined && { 'content-type': 'application/json; charset=utf-8' }),
      ...(reply.raw && { 'content-type': 'application/octet-stream' }),
      'x-ratelimit-limit': String(this.rate.limit),
      'x-ratelimit-remaining': String(Math.max(0, this.rate.remaining)),
      'x-ratelimit-used': String(this.rate.limit - Math.max(0, this.rate.remaining)),
      'x-ratelimit-reset': String(this.rate.resetAt),
      'x-ratelimit-resource': 'core',
      'x-github-api-version-selected': '2022-11-28',
      ...reply.headers,
    });
    res.end(reply.raw ?? (reply.body === undefined ? undefined : JSON.stringify(reply.body)));
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (d: Buffer) => parts.push(d));
    req.on('end', () => resolve(Buffer.concat(parts)));
    req.on('error', reject);
  });
}
