import type { GithubClient } from './client.js';

/** What a token may not read, or what the account does not have, becomes a note instead of a failure. */
export class Unavailable {
  constructor(readonly reason: string) {}
}

type Params = Record<string, string | number | boolean | undefined>;

function unavailable(e: unknown): Unavailable {
  const x = e as { status?: number; message?: string };
  if (x.status === 403 || x.status === 404 || x.status === 410) return new Unavailable(`${x.status}: ${String(x.message ?? '').split('\n')[0]!.slice(0, 200)}`);
  throw e;
}

/** One resource, or Unavailable when GitHub says 403/404 (no permission, feature off). */
export async function one<T = unknown>(octokit: GithubClient, route: string, params: Params = {}): Promise<T | Unavailable> {
  try {
    return (await octokit.request(route, params)).data as T;
  } catch (e) {
    return unavailable(e);
  }
}

/** Every page of a list, 100 at a time. */
export async function all<T = unknown>(octokit: GithubClient, route: string, params: Params = {}): Promise<T[] | Unavailable> {
  try {
    return (await octokit.paginate(route, { ...params, per_page: 100 })) as T[];
  } catch (e) {
    return unavailable(e);
  }
}

/** A document's content: the value, or `{ unavailable: reason }`. */
export const doc = (v: unknown): unknown => (v instanceof Unavailable ? { unavailable: v.reason } : v);
