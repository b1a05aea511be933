import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Measured {
  seconds: number;
  /** user + system CPU seconds of the process and its children */
  cpuSeconds: number;
  maxRssKb: number;
  stdout: string;
}

/** Runs a command under GNU time: wall and CPU seconds, peak RSS of the process tree's largest member. */
export function measure(cmd: string, args: string[], env: NodeJS.ProcessEnv, cwd?: string): Measured {
  const report = `/tmp/bulkhead-bench-time-${process.pid}`;
  rmSync(report, { force: true });
  const r = spawnSync('/usr/bin/time', ['-o', report, '-f', '%e %M %U %S', cmd, ...args], { env, cwd, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  const [seconds, rss, user, sys] = readFileSync(report, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
  return { seconds: seconds!, cpuSeconds: user! + sys!, maxRssKb: rss!, stdout: r.stdout };
}

export function duBytes(path: string): number {
  const r = spawnSync('du', ['-sb', path], { encoding: 'utf8' });
  return Number(r.stdout.split('\t')[0]);
}

/** restic and GNU time from Debian, installed when missing and allowed (root). */
export function ensureTools(): void {
  const missing = [['restic', '/usr/bin/restic'], ['time', '/usr/bin/time']].filter(([, bin]) => !existsSync(bin!)).map(([pkg]) => pkg!);
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) throw new Error(`the benchmark needs ${missing.join(' and ')}: sudo apt-get install ${missing.join(' ')}`);
  console.log(`installing ${missing.join(', ')} (apt-get)…`);
  spawnSync('apt-get', ['-o', 'DPkg::Lock::Timeout=300', 'install', '-y', '-qq', ...missing], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

/** The S3 server named by S3_ENDPOINT, or a throw-away Ceph RGW started with test/s3/rgw. */
export function startS3(work: string): { endpoint: string; env: NodeJS.ProcessEnv; stop: () => void } {
  if (process.env.S3_ENDPOINT) {
    return { endpoint: process.env.S3_ENDPOINT, env: { AWS_ACCESS_KEY_ID: process.env.S3_ACCESS_KEY, AWS_SECRET_ACCESS_KEY: process.env.S3_SECRET_KEY }, stop: () => {} };
  }
  const rgw = fileURLToPath(new URL('../s3/rgw', import.meta.url));
  const dir = join(work, 'rgw');
  const r = spawnSync(rgw, ['start', dir], { env: { ...process.env, RGW_PORT: '7488', MON_PORT: '3308', STORE_BYTES: String(8 * 2 ** 30) }, stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error('could not start the S3 test server (test/s3/rgw start)');
  const env = Object.fromEntries(readFileSync(join(dir, 's3.env'), 'utf8').trim().split('\n').map((l) => l.split('=', 2) as [string, string]));
  return { endpoint: env.S3_ENDPOINT!, env, stop: () => void spawnSync(rgw, ['stop', dir], { stdio: 'ignore' }) };
}
