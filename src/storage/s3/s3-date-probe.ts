import { createHash } from 'node:crypto';
import { HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { RetentionProbe } from '../blob-store.js';
import { explain } from './s3-errors.js';
import { WRAP_LIMIT } from './retention-dates.js';

/**
 * Asks the server to keep one tiny object until a day past 2^32 seconds and reads the date back.
 * GOVERNANCE, not COMPLIANCE, so a bucket administrator can remove it (Bulkhead never does); on a
 * server that keeps the date it costs a few bytes until 2106. The only put past WRAP_LIMIT.
 */
/** The part of an S3 store the probe uses. */
export interface ProbeTarget {
  readonly client: S3Client;
  readonly bucket: string;
  readonly url: string;
  key(key: string): string;
}

export async function probeRetention(store: ProbeTarget, key: string): Promise<RetentionProbe> {
  const asked = new Date(WRAP_LIMIT.getTime() + 86_400_000);
  const Body = Buffer.from('bulkhead retention date probe\n');
  const Key = store.key(key);
  try {
    await store.client.send(
      new PutObjectCommand({
        Bucket: store.bucket,
        Key,
        Body,
        ContentLength: Body.length,
        ContentMD5: createHash('md5').update(Body).digest('base64'),
        IfNoneMatch: '*',
        ObjectLockMode: 'GOVERNANCE',
        ObjectLockRetainUntilDate: asked,
      }),
    );
    const h = await store.client.send(new HeadObjectCommand({ Bucket: store.bucket, Key }));
    return { key, asked, ...(h.ObjectLockRetainUntilDate && { readBack: new Date(h.ObjectLockRetainUntilDate) }) };
  } catch (e) {
    throw explain(e, store.url, 'probing how the server stores retention dates');
  }
}
