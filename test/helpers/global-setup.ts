import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
 * Builds the CLI bundle (the CLI tests run the real command), and makes sure a real S3 server with
 * Object Lock answers: the one CI started (S3_ENDPOINT), or a throw-away Ceph RGW started here.
 * There is no skipping: if neither works, the S3 tests fail.
 */
export default async function setup(project: TestProject): Promise<() => void> {
  execFileSync(process.execPath, [here('../../build/bundle.mjs')], { stdio: 'inherit' });
  let stop = () => {};
  let env: Record<string, string>;
  if (process.env.S3_ENDPOINT) {
    env = { S3_ENDPOINT: process.env.S3_ENDPOINT, S3_ACCESS_KEY: process.env.S3_ACCESS_KEY ?? '', S3_SECRET_KEY: process.env.S3_SECRET_KEY ?? '' };
  } else {
    const dir = join(mkdtempSync(join(tmpdir(), 'bulkhead-rgw-')), 'cluster');
    const ports = { RGW_PORT: String(await freePort()), MON_PORT: String(await freePort()) };
    const r = spawnSync(here('../s3/rgw'), ['start', dir], { env: { ...process.env, ...ports }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    if (r.status !== 0) throw new Error(`could not start the S3 test server (test/s3/start-rgw.sh exited ${r.status})`);
    env = Object.fromEntries(readFileSync(join(dir, 's3.env'), 'utf8').trim().split('\n').map((l) => l.split('=', 2) as [string, string]));
    stop = () => void spawnSync(here('../s3/rgw'), ['stop', dir], { env: { ...process.env, PURGE: '1' }, stdio: 'ignore' });
    process.env.RGW_DIR = dir; // the test workers (forked after this) find the cluster's ceph.conf here (agent-s3.ts)
  }
  project.provide('s3', { endpoint: env.S3_ENDPOINT!, accessKeyId: env.S3_ACCESS_KEY!, secretAccessKey: env.S3_SECRET_KEY! });
  return stop;
}
