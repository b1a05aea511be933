import type { Gitlab } from '@gitbeaker/rest';
import type { FormattedResponse } from '@gitbeaker/requester-utils';

export type GitlabApi = InstanceType<typeof Gitlab<false>>;

/** What this client sent, and how often GitLab asked it to wait. */
export interface ClientStats {
  requests: number;
  /** 429 answers (each waited out for Retry-After, then retried). */
  limited: number;
  /** Times the client paused because RateLimit-Remaining reached 0 (until RateLimit-Reset). */
  paused: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const MAX_WAIT_MS = 120_000;

/**
 * The pace GitLab sets: `RateLimit-Remaining` and `RateLimit-Reset` (epoch seconds) from each
 * answer; when nothing remains, the next request waits for the reset instead of drawing a 429.
 */
class Pace {
  private resetAt = 0;
  constructor(private readonly stats: ClientStats) {}
  observe(h: Headers): void {
    const remaining = Number(h.get('ratelimit-remaining'));
    const reset = Number(h.get('ratelimit-reset'));
    if (h.has('ratelimit-remaining') && remaining <= 0 && reset > 0) this.resetAt = reset * 1000;
  }
  async wait(): Promise<void> {
    const ms = this.resetAt - Date.now();
    if (ms > 0) {
      this.stats.paused++;
      await sleep(Math.min(ms, MAX_WAIT_MS));
    }
    this.resetAt = 0;
  }
}

function headersOf(h: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  h.forEach((v, k) => (out[k] = v));
  return out;
}

async function body(res: Response): Promise<unknown> {
  if (res.status === 204) return null;
  const type = (res.headers.get('content-type') ?? '').split(';')[0]!.trim();
  if (type === 'application/json') return ((await res.json()) as unknown) ?? {};
  return res.text();
}

/**
 * A gitbeaker client whose requests respect GitLab's limits: a 429 waits Retry-After seconds (or
 * backs off) and retries, 502/503 back off and retry, and a spent RateLimit-Remaining waits for
 * RateLimit-Reset. Errors carry GitLab's message; the token never appears in them.
 */
export async function gitlabClient(opts: { host: string; token: string }): Promise<{ api: GitlabApi; stats: ClientStats }> {
  // gitbeaker loads when a GitLab source or restore first needs it, not with every verb.
  const [{ Gitlab }, { createRequesterFn, GitbeakerRequestError }] = await Promise.all([import('@gitbeaker/rest'), import('@gitbeaker/requester-utils')]);
  const stats: ClientStats = { requests: 0, limited: 0, paused: 0 };
  const pace = new Pace(stats);
  const handler = async (endpoint: string, options?: Record<string, unknown>): Promise<FormattedResponse> => {
    const o = (options ?? {}) as { prefixUrl?: string; searchParams?: string; method?: string; headers?: Record<string, string>; body?: string; signal?: AbortSignal };
    const url = new URL(endpoint, o.prefixUrl?.endsWith('/') ? o.prefixUrl : `${o.prefixUrl ?? ''}/`);
    url.search = o.searchParams ?? '';
    for (let attempt = 0; ; attempt++) {
      await pace.wait();
      stats.requests++;
      const res = await fetch(url, { method: o.method, headers: o.headers, body: o.body, signal: o.signal });
      pace.observe(res.headers);
      if (res.ok) return { body: (await body(res)) as FormattedResponse['body'], headers: headersOf(res.headers), status: res.status };
      const retryable = res.status === 429 || res.status === 502 || res.status === 503;
      if (retryable && attempt < 6) {
        if (res.status === 429) stats.limited++;
        const after = Number(res.headers.get('retry-after'));
        await res.arrayBuffer().catch(() => undefined);
        await sleep(Math.min(Number.isFinite(after) && after > 0 ? after * 1000 : 250 * 2 ** attempt, MAX_WAIT_MS));
        continue;
      }
      const text = await res.text();
      let description = text;
      try {
        const j = JSON.parse(text) as { message?: unknown; error?: unknown };
        const m = j.message ?? j.error ?? text;
        description = typeof m === 'string' ? m : JSON.stringify(m);
      } catch {
        // not JSON: GitLab's text answer is the message
      }
      throw Object.assign(new GitbeakerRequestError(`${res.status} ${description.slice(0, 300)}`, { cause: { description, request: new Request(url, { method: o.method }), response: res } }), { status: res.status });
    }
  };
  const requesterFn = createRequesterFn((_, reqo) => Promise.resolve(reqo), handler);
  const api = new Gitlab({ host: opts.host, token: opts.token, requesterFn }) as GitlabApi;
  return { api, stats };
}
