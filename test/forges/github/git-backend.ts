import { spawn } from 'node:child_process';
import { request, type IncomingMessage, type ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';

const HELPER = fileURLToPath(new URL('../git-http-process.mjs', import.meta.url));
let helper: Promise<number> | undefined;

/** The port of this process's git HTTP process (test/forges/git-http-process.mjs), started once; it ends with this process. */
function helperPort(): Promise<number> {
  helper ??= new Promise<number>((resolve, reject) => {
    const child = spawn(process.execPath, [HELPER], { stdio: ['pipe', 'pipe', 'inherit'] });
    child.on('error', reject);
    child.unref();
    (child.stdin as unknown as { unref?: () => void }).unref?.();
    (child.stdout as unknown as { unref?: () => void }).unref?.();
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve(Number(out.trim()));
    });
    child.on('exit', (code) => reject(new Error(`the git HTTP process exited (${code}) before it listened`)));
  });
  return helper;
}

/**
 * Serves one repository's git over smart HTTP through Debian's real git-http-backend (a CGI run per
 * request): clones, fetches and pushes (restores) go through git's own server code. The CGI runs in
 * a small process of its own, to which the request is passed with the repository root and path.
 */
export function serveGit(req: IncomingMessage, res: ServerResponse, projectRoot: string, pathInfo: string, query: string): void {
  helperPort().then(
    (port) => {
      const headers = { ...req.headers, 'x-git-project-root': projectRoot, 'x-git-path-info': pathInfo };
      delete headers.connection;
      const up = request({ host: '127.0.0.1', port, method: req.method, path: `/git${query ? `?${query}` : ''}`, headers }, (answer) => {
        const back = { ...answer.headers };
        delete back.connection;
        delete back['keep-alive'];
        res.writeHead(answer.statusCode ?? 500, back);
        answer.pipe(res);
      });
      up.on('error', () => res.headersSent ? res.destroy() : res.writeHead(502).end());
      req.pipe(up);
    },
    () => res.writeHead(500).end(),
  );
}
