import { inject } from 'vitest';
import { randomBytes } from 'node:crypto';
import { S3Client } from '@aws-sdk/client-s3';
import { S3Store } from '../../src/storage/s3/s3-store.js';
import { parseS3Url } from '../../src/storage/s3/s3-url.js';
import { createLockedBucket } from '../../src/storage/s3/s3-bucket.js';

/** Environment for a child process (the CLI) to reach the test S3 server. */
export function s3Env(): NodeJS.ProcessEnv {
  const s3 = inject('s3');
  return { AWS_ACCESS_KEY_ID: s3.accessKeyId, AWS_SECRET_ACCESS_KEY: s3.secretAccessKey, AWS_REGION: 'us-east-1' };
}

export function s3Url(bucket: string, prefix = ''): string {
  return `s3://${bucket}/${prefix}?endpoint=${encodeURIComponent(inject('s3').endpoint)}`;
}

export const uniqueBucket = (label = 'b'): string => `${label}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;

/** An S3 store on the test server; credentials go in through the environment, as a user's would. */
export function s3Store(url: string): S3Store {
  Object.assign(process.env, s3Env());
  return new S3Store(parseS3Url(url));
}

/** A new bucket with versioning and a COMPLIANCE (or GOVERNANCE) default retention. */
export async function lockedBucket(mode: 'COMPLIANCE' | 'GOVERNANCE' = 'COMPLIANCE', days = 30): Promise<S3Store> {
  const store = s3Store(s3Url(uniqueBucket()));
  await createLockedBucket(store, days, mode);
  return store;
}

/** A raw SDK client: the attacker's view, holding the same credentials as the agent. */
export function rawClient(): S3Client {
  const s3 = inject('s3');
  return new S3Client({
    endpoint: s3.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
    requestChecksumCalculation: 'WHEN_REQUIRED',
  });
}
