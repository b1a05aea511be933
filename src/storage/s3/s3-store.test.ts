import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { S3Client } from '@aws-sdk/client-s3';
import type { HttpHandler, HttpRequest } from '@smithy/protocol-http';
import { HttpResponse } from '@smithy/protocol-http';
import { Readable } from 'node:stream';
import { S3Store } from './s3-store.js';
import { parseS3Url } from './s3-url.js';
import { describeRule } from './s3-lifecycle.js';

/**
 * AWS rejects an Object Lock put without Content-MD5 or a checksum; the RGW test server accepts
 * one, so only the serialized request can prove it. This handler records requests instead of
 * sending them and answers like S3 would for a missing key (HEAD) and a successful put.
 */
function recordingClient(sent: HttpRequest[]): S3Client {
  const handler = {
    handle: async (request: HttpRequest) => {
      sent.push(request);
      const status = request.method === 'HEAD' ? 404 : 200;
      return { response: new HttpResponse({ statusCode: status, headers: { 'x-amz-version-id': 'v1' }, body: Readable.from([]) }) };
    },
    updateHttpClientConfig: () => {},
    httpHandlerConfigs: () => ({}),
  } as unknown as HttpHandler;
  return new S3Client({
    region: 'eu-west-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    requestHandler: handler,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    maxAttempts: 1,
  });
}

describe('S3 store requests as serialized for AWS', () => {
  it('sends every locked put with Content-MD5, COMPLIANCE lock, retain-until and If-None-Match', async () => {
    const sent: HttpRequest[] = [];
    const store = new S3Store(parseS3Url('s3://vault-bucket/prod'), recordingClient(sent));
    const body = Buffer.from('pack bytes');
    const until = new Date('2031-01-02T03:04:05Z');
    await store.put('data/ab/abcdef', body, { retainUntil: until });
    await store.put('snapshots/x', body, { retainUntil: until, lockMode: 'GOVERNANCE' });
    const puts = sent.filter((r) => r.method === 'PUT');
    expect(puts).toHaveLength(2);
    for (const put of puts) {
      expect(put.headers['content-md5']).toBe(createHash('md5').update(body).digest('base64'));
      expect(put.headers['x-amz-object-lock-retain-until-date']).toBe('2031-01-02T03:04:05Z');
      expect(put.headers['if-none-match']).toBe('*');
    }
    expect(puts[0]!.headers['x-amz-object-lock-mode']).toBe('COMPLIANCE');
    expect(puts[1]!.headers['x-amz-object-lock-mode']).toBe('GOVERNANCE');
    expect(puts[0]!.path).toBe('/prod/data/ab/abcdef');
  });
});

describe('retention dates a server could wrap', () => {
  it('never sends a lock date past 2^32 seconds, on a put or an extension (RGW 16 reads 2107 back as 1970)', async () => {
    const sent: HttpRequest[] = [];
    const store = new S3Store(parseS3Url('s3://vault-bucket'), recordingClient(sent));
    const far = new Date('2107-01-01T00:00:00Z');
    await expect(store.put('data/ab/abcdef', Buffer.from('x'), { retainUntil: far })).rejects.toThrow(/refused to lock data\/ab\/abcdef until 2107.*wrap to 1970/);
    await expect(store.extendRetention('data/ab/abcdef', far, 'v1')).rejects.toMatchObject({ code: 'IMMUTABLE' });
    expect(sent.filter((r) => r.method === 'PUT')).toHaveLength(0);
  });

  it('describes lifecycle rules, and calls expiring or moving objects destructive', () => {
    const expiring = describeRule({ ID: 'gc', Status: 'Enabled', Filter: { Prefix: 'data/' }, NoncurrentVersionExpiration: { NoncurrentDays: 1 } });
    expect(expiring).toEqual({ id: 'gc', prefix: 'data/', actions: ['deletes noncurrent versions after 1 day'], destructive: true });
    const tidy = describeRule({ ID: 'mpu', Status: 'Enabled', Filter: {}, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 } });
    expect(tidy.destructive).toBe(false);
    expect(describeRule({ Status: 'Enabled', Expiration: { Days: 30 } }).actions).toEqual(['expires current versions after 30 days']);
  });
});

describe('s3:// URLs', () => {
  it('reads bucket, prefix and options', () => {
    expect(parseS3Url('s3://my-vault/team/prod?endpoint=http://127.0.0.1:7480&region=eu-west-1&profile=ops&pathStyle=true')).toEqual({
      bucket: 'my-vault',
      prefix: 'team/prod/',
      endpoint: 'http://127.0.0.1:7480',
      region: 'eu-west-1',
      profile: 'ops',
      pathStyle: true,
    });
    expect(parseS3Url('s3://my-vault').prefix).toBe('');
  });
  it('refuses what it does not know', () => {
    expect(() => parseS3Url('s3://my-vault?secret=1')).toThrow(/unknown option "secret"/);
    expect(() => parseS3Url('s3://A_B')).toThrow(/valid bucket/);
  });
});
