import { Readable } from 'node:stream';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { HttpResponse, type HttpRequest } from '@smithy/protocol-http';
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import type { S3Client } from '@aws-sdk/client-s3';

export type HttpFault = '500' | '503-slowdown' | 'reset' | 'timeout';

/**
 * Fault injection at the wire: the S3 client talks to the real server through this handler, which
 * answers some requests itself with a 500, a 503 SlowDown, a connection reset or a timeout.
 */
export class FaultyHttpHandler extends NodeHttpHandler {
  injected = 0;

  constructor(private readonly pick: (request: HttpRequest) => HttpFault | undefined) {
    super({ connectionTimeout: 5_000, requestTimeout: 60_000 });
  }

  override async handle(request: HttpRequest, options?: { abortSignal?: AbortSignal }): Promise<{ response: HttpResponse }> {
    const fault = this.pick(request);
    if (!fault) return super.handle(request, options);
    this.injected++;
    if (fault === 'reset') throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET', name: 'Error' });
    if (fault === 'timeout') throw Object.assign(new Error('Request timed out'), { name: 'TimeoutError' });
    const [status, code] = fault === '500' ? [500, 'InternalError'] : [503, 'SlowDown'];
    const body = `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>injected</Message></Error>`;
    return { response: new HttpResponse({ statusCode: status, headers: { 'content-type': 'application/xml' }, body: Readable.from([Buffer.from(body)]) }) };
  }
}

/**
 * The client's own retry strategy (the SDK's standard one: the same attempts as the client was
 * made with, the same retry quota and error classes) with a 10 ms wait between attempts instead of
 * its exponential backoff (a SlowDown waits up to 20 s): for a test of what happens once the
 * attempts are spent, where the waits between them prove nothing and took ~20 s of a run.
 */
export function withQuickRetries(client: S3Client): S3Client {
  const maxAttempts = client.config.maxAttempts;
  client.config.retryStrategy = () => Promise.resolve(new ConfiguredRetryStrategy(maxAttempts, 10));
  return client;
}
