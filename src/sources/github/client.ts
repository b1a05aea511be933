import type { EtagCache } from './etag-cache.js';

/**
 * Octokit and its plugins load when a GitHub source or restore first needs them: every other verb
 * (an agent backing up folders and git repositories) would pay ~100 ms for modules it never runs.
 */
async function octokitWithPlugins() {
  const [{ Octokit }, { throttling }, { retry }, bottleneck] = await Promise.all([
    import('@octokit/rest'),
    import('@octokit/plugin-throttling'),
    import('@octokit/plugin-retry'),
    import('bottleneck'),
  ]);
  return { WithPlugins: Octokit.plugin(throttling, retry), Bottleneck: bottleneck.default };
}

export type GithubClient = InstanceType<Awaited<ReturnType<typeof octokitWithPlugins>>['WithPlugins']>;

/** Requests this client sent, and how many the server answered 304 (not counted by GitHub). */
export interface ClientStats {
  requests: number;
  notModified: number;
  limited: number;
}

export interface ClientOptions {
  baseUrl: string;
  token: string;
  /** Conditional requests from this cache (the backup agent); none for a restore. */
  cache?: EtagCache;
  /** Spacing between writes; GitHub asks for a second (the default) to stay clear of secondary limits; writes that notify people get three times it. */
  writeIntervalMs?: number;
}

/**
 * An Octokit that respects GitHub's limits (primary and secondary: waits for the reset or
 * retry-after, then retries), retries server errors, and sends If-None-Match for every GET it
 * has an ETag for, replaying the cached body on a 304.
 */
export async function githubClient(opts: ClientOptions): Promise<{ octokit: GithubClient; stats: ClientStats }> {
  const { WithPlugins, Bottleneck } = await octokitWithPlugins();
  const stats: ClientStats = { requests: 0, notModified: 0, limited: 0 };
  const onLimit = (_after: number, _options: unknown, _o: unknown, retryCount: number) => {
    stats.limited++;
    return retryCount < 4;
  };
  const octokit = new WithPlugins({
    auth: opts.token,
    baseUrl: opts.baseUrl,
    userAgent: 'bulkhead-backup',
    throttle: {
      onRateLimit: onLimit,
      onSecondaryRateLimit: onLimit,
      // Requests that notify people (issues, comments, releases, pull requests, invitations) three times as far apart, as Octokit does by default (1 s and 3 s).
      ...(opts.writeIntervalMs !== undefined && {
        write: new Bottleneck.Group({ maxConcurrent: 1, minTime: opts.writeIntervalMs }),
        notifications: new Bottleneck.Group({ maxConcurrent: 1, minTime: opts.writeIntervalMs * 3 }),
      }),
    },
    retry: { doNotRetry: [304, 400, 401, 403, 404, 409, 410, 422, 451] },
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
  });
  octokit.hook.wrap('request', async (request, options) => {
    stats.requests++;
    const cache = opts.cache;
    const url = octokit.request.endpoint.parse(options).url;
    const cached = options.method === 'GET' ? cache?.get(url) : undefined;
    if (cached) options.headers = { ...options.headers, 'if-none-match': cached.etag };
    try {
      const res = await request(options);
      const etag = res.headers.etag;
      // A copy: octokit's paginate rewrites list-in-object bodies in place.
      if (cache && options.method === 'GET' && etag) cache.set(url, { etag, data: structuredClone(res.data), ...(res.headers.link && { link: res.headers.link }) });
      return res;
    } catch (e) {
      if (cached && (e as { status?: number }).status === 304) {
        stats.notModified++;
        cache!.keep(url);
        const headers = { ...(e as { response?: { headers: Record<string, string> } }).response?.headers, ...(cached.link && { link: cached.link }) };
        return { status: 200, url, headers, data: structuredClone(cached.data) } as Awaited<ReturnType<typeof request>>;
      }
      throw e;
    }
  });
  return { octokit, stats };
}
