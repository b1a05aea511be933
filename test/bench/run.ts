/**
 * `npm run bench`: Bulkhead and restic side by side on the same deterministic ~1 GiB DevOps corpus,
 * in one run, printing ratios (PERFORMANCE.md). Work happens in tmpfs (/dev/shm) when it has room:
 * this VM's disk timing varies 20× between runs, tmpfs does not. Not a test: nothing here asserts.
 */
import { existsSync, mkdirSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeCorpus, makeDay2 } from './corpus.js';
import { duBytes, ensureTools, measure, startS3, type Measured } from './measure.js';

const CORPUS_VERSION = 'corpus-v1';
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const cli = join(repoRoot, 'build/bin/bulkhead.mjs');
const shm = '/dev/shm';
const useShm = existsSync(shm) && statfsSync(shm).bavail * statfsSync(shm).bsize > 6e9;
const base = useShm ? join(shm, 'bulkhead-bench') : join(repoRoot, 'test/bench/.work');
const cached = join(base, CORPUS_VERSION);
const work = join(base, 'run');

ensureTools();
if (!existsSync(join(cached, '.complete'))) {
  console.log(`generating the corpus in ${cached} (once; about a minute)…`);
  rmSync(cached, { recursive: true, force: true });
  mkdirSync(cached, { recursive: true });
  makeCorpus(cached);
  writeFileSync(join(cached, '.complete'), '');
}
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
const corpus = join(work, 'corpus');
const floor = measure('cp', ['-a', cached, corpus], process.env);
rmSync(join(corpus, '.complete'));
const corpusBytes = duBytes(corpus);

const bh = { ...process.env, BULKHEAD_PASSPHRASE: 'bench passphrase', BULKHEAD_CACHE_DIR: join(work, 'bh-cache') };
const rs = { ...process.env, RESTIC_PASSWORD: 'bench passphrase', RESTIC_CACHE_DIR: join(work, 'restic-cache'), RESTIC_REPOSITORY: join(work, 'restic-repo') };
const store = `file://${join(work, 'bh-vault')}`;
const run = (args: string[], env = bh) => measure(process.execPath, [cli, ...args], env, work);
const restic = (args: string[]) => measure('restic', ['-q', ...args], rs, work);

run(['keys', 'init', '--out', 'id.json']);
run(['vault', 'init', '--store', store, '--identity', 'id.json']);
run(['vault', 'enroll', '--store', store, '--identity', 'id.json', '--label', 'bench', '--out', 'writer.json']);
restic(['init']);

const rows: [string, Measured | number, Measured | number, 'time' | 'bytes' | 'rss'][] = [];
const backupArgs = ['backup', '--store', store, '--writer', 'writer.json', '--source', `corpus=dir:${corpus}`];
console.log('initial backups…');
const bh1 = run(backupArgs);
const rs1 = restic(['backup', corpus]);
rows.push(['initial backup', bh1, rs1, 'time']);

// The same initial backup into S3 with Object Lock (Ceph RGW on loopback), against the local vault.
console.log('initial backup to S3 (Ceph RGW)…');
const s3 = startS3(work);
const s3Store = `s3://bench-${Date.now()}/vault?endpoint=${encodeURIComponent(s3.endpoint)}`;
const s3Env = { ...bh, ...s3.env, BULKHEAD_CACHE_DIR: join(work, 'bh-s3-cache') };
run(['vault', 'init', '--store', s3Store, '--identity', 'id.json', '--create-bucket'], s3Env);
run(['vault', 'enroll', '--store', s3Store, '--identity', 'id.json', '--label', 'bench-s3', '--out', 'writer-s3.json'], s3Env);
const bhS3 = run(['backup', '--store', s3Store, '--writer', 'writer-s3.json', '--source', `corpus=dir:${corpus}`], s3Env);
s3.stop();
rows.push(['backup to S3 vs local', bhS3, bh1, 'time']);
const changed = makeDay2(corpus);
console.log(`day 2: ${changed} files edited, 20 commits per repo; incremental backups…`);
const bh2 = run(backupArgs);
const rs2 = restic(['backup', corpus]);
rows.push(['incremental backup', bh2, rs2, 'time']);
rows.push(['vault size', duBytes(join(work, 'bh-vault')), duBytes(join(work, 'restic-repo')), 'bytes']);

console.log('full restores…');
const bh3 = run(['restore', '--store', store, '--identity', 'id.json', 'latest:corpus', '--target', join(work, 'bh-restore')]);
const rs3 = restic(['restore', 'latest', '--target', join(work, 'restic-restore')]);
rows.push(['full restore', bh3, rs3, 'time']);
const one = 'node_modules/pkg-17/lib-3/file-43.js';
const bh4 = run(['restore', '--store', store, '--identity', 'id.json', `latest:corpus/${one}`, '--target', join(work, 'bh-one')]);
const rs4 = restic(['restore', 'latest', '--target', join(work, 'restic-one'), '--include', join(corpus, one)]);
rows.push(['single-file restore', bh4, rs4, 'time']);
// The largest repository: restored by Bulkhead (a bare mirror, verified) vs git clone --mirror from a bundle.
console.log('git repository restore…');
const repo = join(corpus, 'repos', 'repo-0.git');
run(['backup', '--store', store, '--writer', 'writer.json', '--source', `repo=git:${repo}`]);
const bundle = join(work, 'repo.bundle');
measure('git', ['--git-dir', repo, 'bundle', 'create', bundle, '--all'], process.env);
const gitClone = measure('git', ['clone', '--quiet', '--mirror', bundle, join(work, 'git-mirror.git')], process.env);
const bhRepo = run(['restore', '--store', store, '--identity', 'id.json', 'latest:repo', '--target', join(work, 'bh-repo.git')]);
rows.push(['git repo restore', bhRepo, gitClone, 'time']);
const peak = (ms: Measured[]) => Math.max(...ms.map((m) => m.maxRssKb)) * 1024;
rows.push(['peak RSS', peak([bh1, bh2, bh3, bh4]), peak([rs1, rs2, rs3, rs4]), 'rss']);

const fmt = (v: number, kind: string) => (kind === 'time' ? `${v.toFixed(2)} s` : `${(v / 1e6).toFixed(1)} MB`);
const value = (m: Measured | number) => (typeof m === 'number' ? m : m.seconds);
console.log(`\ncorpus ${(corpusBytes / 1e6).toFixed(0)} MB in ${useShm ? 'tmpfs' : 'the repo folder'}; cp -a floor ${floor.seconds.toFixed(2)} s`);
console.log(`${'metric'.padEnd(22)}${'bulkhead'.padStart(12)}${'peer'.padStart(12)}${'ratio'.padStart(9)}`);
for (const [name, a, b, kind] of rows) {
  const [x, y] = [value(a), value(b)];
  console.log(`${name.padEnd(22)}${fmt(x, kind).padStart(12)}${fmt(y, kind).padStart(12)}${(x / y).toFixed(2).padStart(8)}×`);
}
console.log('ratio = bulkhead / peer: restic; for the S3 row, the same backup into the local vault; for the git row, git clone --mirror from a bundle.');
console.log('One run each; repeat for medians.');
rmSync(work, { recursive: true, force: true });
