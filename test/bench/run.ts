/**
 * `npm run bench`: Bulkhead and restic side by side on the same deterministic ~1 GiB DevOps corpus,
 * in one run, printing ratios (docs/PERFORMANCE.md). Work happens in tmpfs (/dev/shm) when it has room:
 * this VM's disk timing varies 20× between runs, tmpfs does not. Not a test: nothing here asserts.
 */
import { existsSync, mkdirSync, rmSync, statfsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureCorpus, makeDay2 } from './corpus.js';
import { duBytes, ensureTools, measure, startS3, type Measured } from './measure.js';
import { gitRestoreTimes } from './git-restore.js';
import { gitBackupTimes, printGitBackupRows } from './git-backup.js';

const CORPUS_VERSION = 'corpus-v2';
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
// BENCH_CLI: another build's bin/bulkhead.mjs (a copy of build/ from before a change, say), to run the rows with it.
const cli = process.env.BENCH_CLI ? resolve(process.env.BENCH_CLI) : join(repoRoot, 'build/bin/bulkhead.mjs');
const shm = '/dev/shm';
const useShm = existsSync(shm) && statfsSync(shm).bavail * statfsSync(shm).bsize > 6e9;
const base = useShm ? join(shm, 'bulkhead-bench') : join(repoRoot, 'test/bench/.work');
const cached = join(base, CORPUS_VERSION);
const work = join(base, 'run');

ensureTools();
// BENCH_ONLY=git-backup runs only the git backup rows: the full bench is long on a shared machine.
if (process.env.BENCH_ONLY === 'git-backup') {
  const only = join(base, 'git-only');
  await printGitBackupRows({ cli, env: { ...process.env, BULKHEAD_PASSPHRASE: 'bench passphrase' }, work: only });
  rmSync(only, { recursive: true, force: true });
  process.exit(0);
}
ensureCorpus(cached);
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
const corpus = join(work, 'corpus');
const floor = measure('cp', ['-a', cached, corpus], process.env);
rmSync(join(corpus, '.complete'));
const corpusBytes = duBytes(corpus);

const bh = { ...process.env, BULKHEAD_PASSPHRASE: 'bench passphrase' as string, BULKHEAD_CACHE_DIR: join(work, 'bh-cache') };
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

// The same initial backup into S3 with Object Lock (Ceph RGW on loopback) against a local vault, in
// alternating pairs (fresh vaults each), median ratio: on 2 cores the server's CPU shares the machine.
console.log('initial backups to S3 (Ceph RGW) and to a local vault, three pairs…');
const s3 = startS3(work);
const s3Env = { ...bh, ...s3.env };
const pairs: { s3: Measured; local: Measured }[] = [];
for (let i = 0; i < 3; i++) {
  const s3Store = `s3://bench-${Date.now()}-${i}/vault?endpoint=${encodeURIComponent(s3.endpoint)}`;
  const local = `file://${join(work, `pair-vault-${i}`)}`;
  const writers = [s3Store, local].map((url, k) => {
    const out = `writer-pair-${i}-${k}.json`;
    const env = { ...s3Env, BULKHEAD_CACHE_DIR: join(work, `pair-cache-${i}-${k}`) };
    run(['vault', 'init', '--store', url, '--identity', 'id.json', ...(k === 0 ? ['--create-bucket'] : [])], env);
    run(['vault', 'enroll', '--store', url, '--identity', 'id.json', '--label', `pair-${i}-${k}`, '--out', out], env);
    return () => run(['backup', '--store', url, '--writer', out, '--source', `corpus=dir:${corpus}`], env);
  });
  pairs.push({ s3: writers[0]!(), local: writers[1]!() });
  rmSync(join(work, `pair-vault-${i}`), { recursive: true, force: true });
}
s3.stop();
const byRatio = [...pairs].sort((a, b) => a.s3.seconds / a.local.seconds - b.s3.seconds / b.local.seconds);
const mid = byRatio[1]!;
rows.push(['backup to S3 vs local', mid.s3, mid.local, 'time']);
const s3Notes = [
  `S3 vs local, the three pairs: ${pairs.map((p) => `${p.s3.seconds.toFixed(1)}/${p.local.seconds.toFixed(1)} s`).join(', ')};`,
  `bulkhead's own CPU S3/local: ${pairs.map((p) => (p.s3.cpuSeconds / p.local.cpuSeconds).toFixed(2)).join(', ')} (the rest is the S3 server on the same cores)`,
];
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
// Bulkhead reads every restored file back and checks it against its blob ids; restic does that only with --verify.
const rs3v = restic(['restore', 'latest', '--target', join(work, 'restic-restore-verify'), '--verify']);
rows.push(['  … restic --verify', bh3, rs3v, 'time']);
const one = 'node_modules/pkg-17/lib-3/file-43.js';
const bh4 = run(['restore', '--store', store, '--identity', 'id.json', `latest:corpus/${one}`, '--target', join(work, 'bh-one')]);
const rs4 = restic(['restore', 'latest', '--target', join(work, 'restic-one'), '--include', join(corpus, one)]);
rows.push(['single-file restore', bh4, rs4, 'time']);
// The largest repository: restored by Bulkhead (a bare mirror, fsck --full, ref map) vs git clone --mirror from a bundle.
console.log('git repository restores…');
const repo = join(corpus, 'repos', 'repo-0.git');
run(['backup', '--store', store, '--writer', 'writer.json', '--source', `repo=git:${repo}`]);
const git = await gitRestoreTimes({ cli, env: bh, store, identity: join(work, 'id.json'), passphrase: bh.BULKHEAD_PASSPHRASE, repo, work });
rows.push(['git repo restore', git.session, git.clone, 'time']);
rows.push(['  … one CLI call', git.cli, git.clone, 'time']);
console.log('git backups of a repository with 261 refs…');
const gb = await gitBackupTimes({ cli, env: bh, work });
rows.push(['first git backup', gb.first, gb.bundle, 'time']);
rows.push(['unchanged git backup', gb.unchanged, gb.bundle, 'time']);
console.log(`  ${gb.runs}`);
const peak = (ms: Measured[]) => Math.max(...ms.map((m) => m.maxRssKb)) * 1024;
rows.push(['peak RSS', peak([bh1, bh2, bh3, bh4]), peak([rs1, rs2, rs3, rs4]), 'rss']);
// The target is per verb (#14): each one's own peak beside restic's for the same job.
for (const [verb, b, r] of [['initial backup', bh1, rs1], ['incremental', bh2, rs2], ['full restore', bh3, rs3], ['single-file', bh4, rs4]] as const) {
  rows.push([`  … ${verb}`, peak([b]), peak([r]), 'rss']);
}

const fmt = (v: number, kind: string) => (kind === 'time' ? `${v.toFixed(2)} s` : `${(v / 1e6).toFixed(1)} MB`);
const value = (m: Measured | number) => (typeof m === 'number' ? m : m.seconds);
console.log(`\ncorpus ${(corpusBytes / 1e6).toFixed(0)} MB in ${useShm ? 'tmpfs' : 'the repo folder'}; cp -a floor ${floor.seconds.toFixed(2)} s`);
console.log(`${'metric'.padEnd(22)}${'bulkhead'.padStart(12)}${'peer'.padStart(12)}${'ratio'.padStart(9)}`);
for (const [name, a, b, kind] of rows) {
  const [x, y] = [value(a), value(b)];
  console.log(`${name.padEnd(22)}${fmt(x, kind).padStart(12)}${fmt(y, kind).padStart(12)}${(x / y).toFixed(2).padStart(8)}×`);
}
console.log('ratio = bulkhead / peer: restic; for the S3 row, the same backup into a local vault (median of three pairs);');
console.log('for the git rows, git clone --mirror from a bundle: first in an unlocked session (as the console restores),');
console.log('then one CLI call (Node start + ~0.5 s scrypt unlock included); medians of three.');
console.log(`for the git backup rows, git bundle create --all of the same repository; medians of three (${gb.runs}).`);
for (const line of s3Notes) console.log(line);
console.log('One run each; repeat for medians.');
rmSync(work, { recursive: true, force: true });
