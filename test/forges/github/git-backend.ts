import { spawn } from 'node:child_process';
import type { IncomingMessage, ServerResponse } from 'node:http';

const BACKEND = '/usr/lib/git-core/git-http-backend';

/**
 * Serves one repository's git over smart HTTP by running Debian's real git-http-backend as a CGI:
 * clones, fetches and pushes (restores) go through git's own server code.
 */
export function serveGit(req: IncomingMessage, res: ServerResponse, projectRoot: string, pathInfo: string, query: string): void {
  const child = spawn(BACKEND, [], {
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      GIT_PROJECT_ROOT: projectRoot,
      GIT_HTTP_EXPORT_ALL: '1',
      PATH_INFO: pathInfo,
      QUERY_STRING: query,
      REQUEST_METHOD: req.method ?? 'GET',
      CONTENT_TYPE: req.headers['content-type'] ?? '',
      REMOTE_USER: 'emulator',
      REMOTE_ADDR: '127.0.0.1',
      ...(req.headers['content-encoding'] && { HTTP_CONTENT_ENCODING: String(req.headers['content-encoding']) }),
      ...(req.headers['git-protocol'] && { GIT_PROTOCOL: String(req.headers['git-protocol']) }),
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  req.pipe(child.stdin);
  child.stdin.on('error', () => {});
  let head = Buffer.alloc(0);
  let headersDone = false;
  child.stdout.on('data', (d: Buffer) => {
    if (headersDone) return void res.write(d);
    head = Buffer.concat([head, d]);
    const end = head.indexOf('\r\n\r\n');
    const endLf = head.indexOf('\n\n');
    const cut = end >= 0 ? end : endLf;
    if (cut < 0) return;
    headersDone = true;
    const lines = head.subarray(0, cut).toString('latin1').split(/\r?\n/);
    let status = 200;
    for (const line of lines) {
      const i = line.indexOf(':');
      const name = line.slice(0, i).trim();
      const value = line.slice(i + 1).trim();
      if (name.toLowerCase() === 'status') status = parseInt(value, 10);
      else res.setHeader(name, value);
    }
    res.writeHead(status);
    res.write(head.subarray(cut + (end >= 0 ? 4 : 2)));
  });
  child.stderr.resume();
  child.on('close', () => {
    if (!headersDone) res.writeHead(500);
    res.end();
  });
}
