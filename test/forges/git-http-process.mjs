// The forge emulators' git over smart HTTP, in a small process of its own: each request runs Debian's
// real git-http-backend as a CGI. A process that forks for every git request must be small: forking
// the test's own process (GitHub's OpenAPI description and its validators, the vault, the backup)
// cost more than the git work itself. The emulator passes each request on with the repository
// folder and path in two headers; this process exits when its parent closes its stdin.
import { createServer } from 'node:http';
import { spawn } from 'node:child_process';

const BACKEND = '/usr/lib/git-core/git-http-backend';

const server = createServer((req, res) => {
  const header = (name) => String(req.headers[name] ?? '');
  const child = spawn(BACKEND, [], {
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      GIT_PROJECT_ROOT: header('x-git-project-root'),
      GIT_HTTP_EXPORT_ALL: '1',
      PATH_INFO: header('x-git-path-info'),
      QUERY_STRING: new URL(req.url ?? '/', 'http://x').search.slice(1),
      REQUEST_METHOD: req.method ?? 'GET',
      CONTENT_TYPE: header('content-type'),
      REMOTE_USER: 'emulator',
      REMOTE_ADDR: '127.0.0.1',
      ...(req.headers['content-encoding'] && { HTTP_CONTENT_ENCODING: header('content-encoding') }),
      ...(req.headers['git-protocol'] && { GIT_PROTOCOL: header('git-protocol') }),
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  req.pipe(child.stdin);
  child.stdin.on('error', () => {});
  let head = Buffer.alloc(0);
  let headersDone = false;
  child.stdout.on('data', (d) => {
    if (headersDone) return void res.write(d);
    head = Buffer.concat([head, d]);
    const end = head.indexOf('\r\n\r\n');
    const endLf = head.indexOf('\n\n');
    const cut = end >= 0 ? end : endLf;
    if (cut < 0) return;
    headersDone = true;
    let status = 200;
    for (const line of head.subarray(0, cut).toString('latin1').split(/\r?\n/)) {
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
});

server.listen(0, '127.0.0.1', () => process.stdout.write(`${server.address().port}\n`));
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
