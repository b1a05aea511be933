import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { lockedBucket } from '../helpers/s3.js';
import { FaultyHttpHandler, withQuickRetries, type HttpFault } from '../helpers/faulty-http.js';
import { makeVault, tempDir } from '../helpers/vault.js';
import { describeTree } from '../helpers/tree.js';
import { S3Store } from '../../src/storage/s3/s3-store.js';
import { makeS3Client } from '../../src/storage/s3/s3-client.js';
import { backup } from '../../src/ops/backup/backup.js';
import { openVault } from '../../src/ops/open-vault.js';
import { restore } from '../../src/ops/restore/restore.js';
import { checkVault } from '../../src/ops/inspect/check.js';
import { parseSourceSpec } from '../../src/sources/spec.js';
import { systemClock } from '../../src/util/clock.js';

const FAULTS: HttpFault[] = ['500', '503-slowdown', 'reset', 'timeout'];

async function setup() {
  const clean = await lockedBucket();
  const v = await makeVault({ store: clean });
  const src = tempDir();
  for (let i = 0; i < 30; i++) writeFileSync(join(src, `f${i}.bin`), randomBytes(40_000));
  return { clean, v, src };
}

describe('a backup to S3 through injected network faults', () => {
  it('retries 500s, throttling, resets and timeouts and ends with a snapshot that verifies', async () => {
    const { clean, v, src } = await setup();
    let n = 0;
    const handler = new FaultyHttpHandler(() => (n++ % 4 === 1 ? FAULTS[n % FAULTS.length] : undefined));
    const faulty = new S3Store(clean.location, makeS3Client(clean.location, handler));
    const result = await backup({ store: faulty, credential: v.writer, sources: [parseSourceSpec(`d=dir:${src}`)], excludes: [], tags: [], clock: systemClock, cacheRoot: v.cacheRoot });
    expect(handler.injected).toBeGreaterThan(5);
    const reader = await openVault(clean, v.identity, tempDir());
    expect((await checkVault(reader, { readData: true })).problems).toEqual([]);
    const target = join(tempDir(), 'out');
    await restore({ reader, snapshot: result.snapshot, path: 'd', target, dryRun: false, overwrite: false });
    expect(describeTree(target)).toEqual(describeTree(src));
  });

  it('fails clearly when the store keeps failing, and leaves no snapshot', async () => {
    const { clean, v, src } = await setup();
    const handler = new FaultyHttpHandler((r) => (r.method === 'PUT' && r.path.includes('/data/') ? '503-slowdown' : undefined));
    // Every attempt of every data put fails: what is tested is the end of the retries, not the backoff between them.
    const faulty = new S3Store(clean.location, withQuickRetries(makeS3Client(clean.location, handler)));
    await expect(
      backup({ store: faulty, credential: v.writer, sources: [parseSourceSpec(`d=dir:${src}`)], excludes: [], tags: [], clock: systemClock, cacheRoot: v.cacheRoot }),
    ).rejects.toThrow(/failed while writing data\/.*SlowDown \(HTTP 503\)/);
    expect(handler.injected).toBeGreaterThanOrEqual(6); // one put's six attempts at least: the client's maxAttempts, each answered SlowDown
    expect(await clean.list('snapshots/')).toEqual([]);
  });
});
