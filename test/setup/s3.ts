import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

declare module 'vitest' {
  export interface ProvidedContext {
    s3: { endpoint: string; accessKeyId: string; secretAccessKey: string };
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Global setup of the projects that talk to S3 (integration, e2e): a real S3 server with Object
 * Lock must answer: the one CI started (S3_ENDPOINT), or a throw-away Ceph RGW started here (and
 * shared by the projects of this run). There is no skipping: if neither works, the S3 tests fail.
 */
export default async function setup(project: TestProject): Promise<(() => void) | undefined> {
  let stop: (() => void) | undefined;
  if (!process.env.S3_ENDPOINT) {
    // Not in the run's temp folder: the cluster outlives every test file and is stopped before it is removed.
    const dir = join(mkdtempSync(join(process.env.BULKHEAD_TEST_TMP_BASE ?? tmpdir(), 'bulkhead-rgw-')), 'cluster');
    const ports = { RGW_PORT: String(await freePort()), MON_PORT: String(await freePort()) };
    const r = spawnSync(here('../s3/rgw'), ['start', dir], { env: { ...process.env, ...ports }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    if (r.status !== 0) throw new Error(`could not start the S3 test server (test/s3/start-rgw.sh exited ${r.status})`);
    const env = Object.fromEntries(readFileSync(join(dir, 's3.env'), 'utf8').trim().split('\n').map((l) => l.split('=', 2) as [string, string]));
    Object.assign(process.env, { S3_ENDPOINT: env.S3_ENDPOINT, S3_ACCESS_KEY: env.S3_ACCESS_KEY, S3_SECRET_KEY: env.S3_SECRET_KEY });
    process.env.RGW_DIR = dir; // the test workers (forked after this) find the cluster's ceph.conf here (agent-s3.ts)
    stop = () => {
      spawnSync(here('../s3/rgw'), ['stop', dir], { env: { ...process.env, PURGE: '1' }, stdio: 'ignore' });
      rmSync(dirname(dir), { recursive: true, force: true });
      delete process.env.S3_ENDPOINT;
    };
  }
  project.provide('s3', { endpoint: process.env.S3_ENDPOINT!, accessKeyId: process.env.S3_ACCESS_KEY ?? '', secretAccessKey: process.env.S3_SECRET_KEY ?? '' });
  return stop;
}
