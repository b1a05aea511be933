import { Agent } from 'node:https';
import { Agent as HttpAgent } from 'node:http';
import { S3Client } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { S3Location } from './s3-url.js';

/**
 * One client per store. Credentials come from the SDK's default chain (environment, shared
 * config and profiles, SSO) or the URL's profile; nothing is stored by Bulkhead. Retries with
 * backoff on 5xx, throttling, timeouts and resets are the SDK's standard mode, 6 attempts.
 */
export function makeS3Client(loc: S3Location, requestHandler?: NodeHttpHandler): S3Client {
  const agentOptions = { keepAlive: true, maxSockets: 32 };
  return new S3Client({
    ...(loc.endpoint && { endpoint: loc.endpoint }),
    // A custom endpoint (MinIO, Ceph RGW) wants us-east-1 unless told: another region makes the
    // SDK send a LocationConstraint that RGW rejects.
    region: loc.region ?? (loc.endpoint ? 'us-east-1' : process.env.AWS_REGION ?? 'us-east-1'),
    ...(loc.profile && { profile: loc.profile }),
    forcePathStyle: loc.pathStyle || !!loc.endpoint,
    maxAttempts: 6,
    retryMode: 'standard',
    // Bulkhead sends Content-MD5 itself on every put (AWS requires it, or a checksum, with Object
    // Lock); the SDK's default CRC32 trailer is not understood by every S3 server.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    requestHandler: requestHandler ?? new NodeHttpHandler({
      connectionTimeout: 10_000,
      requestTimeout: 300_000,
      httpsAgent: new Agent(agentOptions),
      httpAgent: new HttpAgent(agentOptions),
    }),
  });
}
