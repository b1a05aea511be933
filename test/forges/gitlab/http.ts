import { z, type ZodTypeAny } from 'zod';
import type { World } from './state.js';
import type { Render } from './render.js';

/** What a route handler gets and gives back; the server does auth, limits, pages and validation. */
export type J = Record<string, unknown>;
export interface Ctx {
  world: World;
  r: Render;
  params: Record<string, string>;
  query: Record<string, string>;
  body: J;
  /** Whether the caller owns what it reads (the write token stands for the owner). */
  owner: boolean;
}
export interface Reply {
  status: number;
  body?: unknown;
  /** A list the server pages (offset, or keyset where the route allows it). */
  list?: J[];
}
export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** GitLab's path under /api/v4, `:name` for parameters (`:id` takes an id or a URL-encoded full path). */
  template: string;
  /** Query parameters this endpoint takes (GitLab's documented names), each a schema of its text. */
  query?: Record<string, ZodTypeAny>;
  /** The JSON body it takes (strict: an unknown field is a violation). */
  body?: z.AnyZodObject;
  /** The shape of a success (each item, for a list): schemas.ts. */
  response?: ZodTypeAny;
  /** Offset pages (page, per_page; X-* headers and Link). */
  list?: boolean;
  /** Also keyset pages (pagination=keyset, order_by, sort, id_after), where GitLab offers them. */
  keyset?: boolean;
  handler: (c: Ctx) => Reply;
}

export const ok = (body: unknown, status = 200): Reply => ({ status, body });
export const created = (body: unknown): Reply => ({ status: 201, body });
export const noContent = (): Reply => ({ status: 204 });
export const list = (items: J[]): Reply => ({ status: 200, list: items });
export const notFound = (what = 'Not Found'): Reply => ({ status: 404, body: { message: `404 ${what}` } });
export const badRequest = (message: unknown): Reply => ({ status: 400, body: { message } });
export const conflict = (message: unknown): Reply => ({ status: 409, body: { message } });

/** Query values are text: these read them as GitLab's Grape declares them. */
export const q = {
  bool: z.enum(['true', 'false']),
  int: z.string().regex(/^\d+$/),
  str: z.string(),
  level: z.enum(['0', '30', '40', '60']),
};
export const accessLevel = z.union([z.literal(0), z.literal(30), z.literal(40), z.literal(60)]);
