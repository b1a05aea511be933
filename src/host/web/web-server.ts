import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BulkheadError } from '../../util/errors.js';
import type { Dispatch } from '../console/dispatch.js';
import { loadAssets } from './static-assets.js';
import { SECURITY_HEADERS, WebSession } from './web-auth.js';

const MAX_BODY = 1 << 20;

export interface WebConsole {
  url: string;
  origin: string;
  /** A new one-time link; the previous one stops working. */
  newLink(): string;
  close(): Promise<void>;
}

/** `bulkhead console --web`: the renderer and the API table on 127.0.0.1 only, for one session. */
export async function startWebConsole(opts: { dispatch: Dispatch; rendererDir: string; port: number }): Promise<WebConsole> {
  const assets = loadAssets(opts.rendererDir);
  if (!assets.has('/')) throw new BulkheadError('NOT_FOUND', `the console's UI is not built (${opts.rendererDir}); run "npm run build"`);
  let session = undefined as unknown as WebSession; // set once listening (the port is known then)
  const server = createServer((req, res) => {
    handle(req, res).catch(() => send(res, 500, 'text/plain', 'internal error'));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!session.hostAllowed(req)) return send(res, 421, 'text/plain', 'wrong host');
    const url = new URL(req.url ?? '/', session.origin);
    if (req.method === 'GET' && url.pathname === '/open') {
      // The link opened again in the browser it was opened in (a reload, a failed first load): it is in already.
      if (session.hasSession(req)) return void res.writeHead(303, { ...SECURITY_HEADERS, Location: '/' }).end();
      const cookie = session.redeem(url.searchParams.get('token'));
      if (!cookie) return send(res, 403, 'text/plain', 'This console link was already used or is wrong. Press Enter in the terminal running "bulkhead console --web" for a new one.');
      res.writeHead(303, { ...SECURITY_HEADERS, 'Set-Cookie': cookie, Location: '/' });
      return void res.end();
    }
    if (!session.hasSession(req)) return send(res, 401, 'text/plain', 'Open the one-time link that "bulkhead console --web" printed.');
    if (req.method === 'POST' && url.pathname.startsWith('/api/')) {
      if (!session.apiCallAllowed(req)) return send(res, 403, 'application/json', JSON.stringify({ ok: false, error: { code: 'FORBIDDEN', message: 'cross-origin or non-JSON request refused' } }));
      const body = await readBody(req);
      let args: unknown;
      try {
        args = body.length ? JSON.parse(body.toString('utf8')) : {};
      } catch {
        return send(res, 400, 'application/json', JSON.stringify({ ok: false, error: { code: 'BAD_ARGS', message: 'the request is not JSON' } }));
      }
      const answer = await opts.dispatch(decodeURIComponent(url.pathname.slice('/api/'.length)), args);
      return send(res, 200, 'application/json', JSON.stringify(answer));
    }
    const asset = req.method === 'GET' ? assets.get(url.pathname) : undefined;
    if (!asset) return send(res, 404, 'text/plain', 'not found');
    send(res, 200, asset.type, asset.body);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) =>
      reject(new BulkheadError('USAGE', e.code === 'EADDRINUSE' ? `port ${opts.port} is in use; pick another with --port` : `cannot listen on 127.0.0.1:${opts.port}: ${e.message}`)),
    );
    server.listen(opts.port, '127.0.0.1', () => resolve());
  });
  session = new WebSession((server.address() as AddressInfo).port);
  return {
    url: session.openUrl,
    origin: session.origin,
    newLink: () => session.renew(),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': type });
  res.end(body);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    req.on('data', (d: Buffer) => {
      size += d.length;
      if (size > MAX_BODY) {
        reject(new BulkheadError('USAGE', 'request too large'));
        req.destroy();
      } else parts.push(d);
    });
    req.on('end', () => resolve(Buffer.concat(parts)));
    req.on('error', reject);
  });
}
