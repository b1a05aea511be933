import type { World } from './state.js';

/** What a route handler gets and gives back; the server does auth, limits, ETags, pages and validation. */
export interface Ctx {
  world: World;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  /** The emulator's base URL (API and git share it). */
  base: string;
  accept?: string;
  contentType?: string;
  /** A body that is not JSON (a release asset upload). */
  raw?: Buffer;
}
export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** A list the server pages with per_page/page and Link; `key` names the array inside a wrapper object. */
  list?: { items: unknown[]; key?: string; wrap?: Record<string, unknown> };
  /** Raw bytes (a release asset's content). */
  raw?: Buffer;
}
export type Handler = (c: Ctx) => Reply;
export type Routes = Record<string, Handler>;

const DOCS = 'https://docs.github.com/rest';

export const ok = (body: unknown, status = 200): Reply => ({ status, body });
export const noContent = (): Reply => ({ status: 204 });
export const notFound = (): Reply => ({ status: 404, body: { message: 'Not Found', documentation_url: DOCS, status: '404' } });
export const list = (items: unknown[], key?: string, wrap?: Record<string, unknown>): Reply => ({ status: 200, list: { items, key, wrap } });
export const unprocessable = (message: string): Reply => ({ status: 422, body: { message, documentation_url: DOCS, status: '422' } });

/** The `{owner}/{repo}` of a request, or a 404 reply. */
export function repoOf(c: Ctx) {
  return c.world.repo(c.params.owner!, c.params.repo!);
}

export const now = (): string => new Date().toISOString().replace(/\.\d+Z$/, 'Z');
