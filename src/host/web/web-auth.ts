import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { consoleCsp } from './csp.js';

export const COOKIE = 'bulkhead_session';

/** Headers every answer carries: nothing may be framed, sniffed, cached, or loaded from elsewhere. */
export const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': consoleCsp("'self'"),
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

const same = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * One web console session: a one-time token in the printed URL buys a cookie; every later request
 * must carry that cookie, name this server in Host (no DNS rebinding), and API calls must come
 * from this origin (no cross-site requests from another page in the same browser).
 */
export class WebSession {
  #token = randomBytes(32).toString('base64url');
  readonly #secret = randomBytes(32).toString('base64url');
  #tokenUsed = false;

  constructor(readonly port: number) {}

  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get token(): string {
    return this.#token;
  }

  get openUrl(): string {
    return `${this.origin}/open?token=${this.#token}`;
  }

  /**
   * A new one-time link for the operator at the terminal (the last one was spent by a browser that
   * then lost it, or opened elsewhere); the old link stops working, browsers already in keep their cookie.
   */
  renew(): string {
    this.#token = randomBytes(32).toString('base64url');
    this.#tokenUsed = false;
    return this.openUrl;
  }

  /** Trades the one-time token for the session cookie; a second use is refused. */
  redeem(token: string | null): string | undefined {
    if (this.#tokenUsed || !token || !same(token, this.#token)) return undefined;
    this.#tokenUsed = true;
    return `${COOKIE}=${this.#secret}; HttpOnly; SameSite=Strict; Path=/`;
  }

  hostAllowed(req: IncomingMessage): boolean {
    return req.headers.host === `127.0.0.1:${this.port}` || req.headers.host === `localhost:${this.port}`;
  }

  hasSession(req: IncomingMessage): boolean {
    const cookies = (req.headers.cookie ?? '').split(';').map((c) => c.trim());
    const mine = cookies.find((c) => c.startsWith(`${COOKIE}=`));
    return !!mine && same(mine.slice(COOKIE.length + 1), this.#secret);
  }

  /** API calls: same origin, JSON only (a cross-site form or simple request cannot send that). */
  apiCallAllowed(req: IncomingMessage): boolean {
    const origin = req.headers.origin;
    const fromHere = origin === this.origin || origin === `http://localhost:${this.port}`;
    return fromHere && (req.headers['content-type'] ?? '').startsWith('application/json') && this.hasSession(req);
  }
}
