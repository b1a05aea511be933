import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'node:http';
import { startWebConsole, type WebConsole } from './web-server.js';
import { tempDir } from '../../../test/helpers/vault.js';

/** Raw HTTP so that Host and Origin can be set as an attacker would (fetch forbids both). */
function http(port: number, opts: { method?: string; path: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method: opts.method ?? 'GET', path: opts.path, headers: { host: `127.0.0.1:${port}`, ...opts.headers } }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

describe('web console server', () => {
  let web: WebConsole;
  let port: number;
  let token: string;
  const calls: [string, unknown][] = [];

  beforeAll(async () => {
    const dir = join(tempDir(), 'renderer');
    mkdirSync(dir);
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>t</title>');
    writeFileSync(join(dir, 'app.js'), 'console.log(1)');
    web = await startWebConsole({
      dispatch: async (name, args) => {
        calls.push([name, args]);
        return { ok: true, value: 'pong' };
      },
      rendererDir: dir,
      port: 0,
    });
    port = Number(new URL(web.url).port);
    token = new URL(web.url).searchParams.get('token')!;
    expect(new URL(web.url).hostname).toBe('127.0.0.1');
  });
  afterAll(() => web.close());

  let cookie = '';
  const api = (headers: Record<string, string>, body = '{}') => http(port, { method: 'POST', path: '/api/session.status', headers: { 'content-type': 'application/json', ...headers }, body });

  it('serves nothing before the one-time link is opened', async () => {
    expect((await http(port, { path: '/' })).status).toBe(401);
    expect((await api({ origin: web.origin })).status).toBe(401);
  });

  it('trades the token for an HttpOnly, SameSite=Strict cookie exactly once', async () => {
    expect((await http(port, { path: '/open?token=wrong' })).status).toBe(403);
    const first = await http(port, { path: `/open?token=${token}` });
    expect(first.status).toBe(303);
    const set = String(first.headers['set-cookie']);
    expect(set).toMatch(/HttpOnly/);
    expect(set).toMatch(/SameSite=Strict/);
    cookie = set.split(';')[0]!;
    expect((await http(port, { path: `/open?token=${token}` })).status).toBe(403);
  });

  it('the link opened again in the browser that has the cookie goes in; a new link works once, the old one no more', async () => {
    const again = await http(port, { path: `/open?token=${token}`, headers: { cookie } });
    expect([again.status, again.headers.location, again.headers['set-cookie']]).toEqual([303, '/', undefined]);
    const renewed = new URL(web.newLink()).searchParams.get('token')!;
    expect(renewed).not.toBe(token);
    expect((await http(port, { path: `/open?token=${token}` })).status).toBe(403);
    const other = await http(port, { path: `/open?token=${renewed}` });
    expect(other.status).toBe(303);
    expect(String(other.headers['set-cookie']).split(';')[0]).toBe(cookie); // the same session: one console, one operator
    expect((await http(port, { path: `/open?token=${renewed}` })).status).toBe(403);
  });

  it('with the cookie: the UI with a strict CSP, and API calls from the same origin', async () => {
    const page = await http(port, { path: '/', headers: { cookie } });
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toMatch(/^default-src 'none'/);
    // Trusted Types, as the desktop app sends them: HTML sinks take only the highlighter's policy.
    expect(page.headers['content-security-policy']).toContain("require-trusted-types-for 'script'; trusted-types bulkhead-highlight");
    expect(page.headers['x-frame-options']).toBe('DENY');
    const ok = await api({ cookie, origin: web.origin });
    expect(JSON.parse(ok.body)).toEqual({ ok: true, value: 'pong' });
    expect(calls).toEqual([['session.status', {}]]);
  });

  it('refuses cross-origin calls, non-JSON posts, rebinding hosts, and unknown files', async () => {
    expect((await api({ cookie, origin: 'http://evil.example' })).status).toBe(403);
    expect((await api({ cookie })).status).toBe(403);
    expect((await api({ cookie, origin: web.origin, 'content-type': 'text/plain' })).status).toBe(403);
    expect((await http(port, { path: '/', headers: { cookie, host: `evil.example:${port}` } })).status).toBe(421);
    expect((await http(port, { path: '/../../etc/passwd', headers: { cookie } })).status).toBe(404);
    expect((await api({ cookie: 'bulkhead_session=guess', origin: web.origin })).status).toBe(401);
    expect(calls).toHaveLength(1);
  });

  it('a body that is not JSON is a clear error', async () => {
    const r = await api({ cookie, origin: web.origin }, '{nope');
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body).error.code).toBe('BAD_ARGS');
  });
});
