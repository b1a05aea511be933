import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TRUSTED_FORGES_ENV } from '../../src/sources/forge/trusted-urls.js';

/**
 * What both forge emulators are as HTTP servers: one on loopback at a free port, every answer it
 * could not give well (a schema violation, an emulator bug) kept in `violations` (tests assert it
 * stays empty) and answered 500.
 */
export abstract class LoopbackServer {
  readonly violations: string[] = [];
  private server?: Server;
  base = '';

  protected abstract handle(req: IncomingMessage, res: ServerResponse): Promise<void>;

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res).catch((e: Error) => this.fail(res, `emulator error: ${e.stack ?? e.message}`)));
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    // An emulator stands in for a forge the operator works with, and is trusted as an operator
    // would trust theirs (src/sources/forge/trusted-urls.ts): CLI and console processes the test
    // starts afterwards inherit it. Tests of an untrusted address set the variable themselves.
    process.env[TRUSTED_FORGES_ENV] = [process.env[TRUSTED_FORGES_ENV], this.base].filter(Boolean).join(',');
    return this.base;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((r) => this.server?.close(r));
  }

  protected fail(res: ServerResponse, message: string): void {
    this.violations.push(message);
    if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ message }));
  }
}
