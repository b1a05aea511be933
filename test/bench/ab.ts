/**
 * `npx tsx test/bench/ab.ts BASE_CHECKOUT`: this build against another build of Bulkhead (a built
 * checkout of an older commit, e.g. `git worktree add /tmp/base <rev> && (cd /tmp/base && npm ci)`),
 * side by side on the bench corpus, alternating which runs first, medians of three rounds: initial
 * and incremental backup, full and single-file restore, vault size, peak RSS. For "a change must not
 * make a row more than 5% slower" (issue 12). Not a test: nothing here asserts.
 */
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeCorpus, makeDay2 } from './corpus.js';
import { duBytes, ensureTools, measure, type Measured } from './measure.js';

const base = process.argv[2];
if (!base || !existsSync(join(base, 'build/bin/bulkhead.mjs'))) throw new Error('usage: ab.ts BASE_CHECKOUT (built: build/bin/bulkhead.mjs)');
const builds = { base: join(resolve(base), 'build/bin/bulkhead.mjs'), this: fileURLToPath(new URL('../../build/bin/bulkhead.mjs', import.meta.url)) };
type Build = keyof typeof builds;
const root = existsSync('/dev/shm') ? '/dev/shm/bulkhead-bench' : join(fileURLToPath(new URL('.', import.meta.url)), '.work');
const cached = join(root, 'corpus-v2');
ensureTools();
if (!existsSync(join(cached, '.complete'))) {
  mkdirSync(cached, { recursive: true });
  makeCorpus(cached);
  writeFileSync(join(cached, '.complete'), '');
}
const work = join(root, 'ab');
const rows = new Map<string, Record<Build, number[]>>();
const note = (row: string, b: Build, v: number) => {
  const r = rows.get(row) ?? { base: [], this: [] };
  r[b].push(v);
  rows.set(row, r);
};

for (let round = 0; round < 3; round++) {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const corpus = join(work, 'corpus');
  cpSync(cached, corpus, { recursive: true, verbatimSymlinks: true });
  const order: Build[] = round % 2 === 0 ? ['base', 'this'] : ['this', 'base'];
  const env = (b: Build) => ({ ...process.env, BULKHEAD_PASSPHRASE: 'bench passphrase', BULKHEAD_CACHE_DIR: join(work, `cache-${b}`) });
  const run = (b: Build, args: string[]): Measured => measure(process.execPath, [builds[b], ...args], env(b), work);
  const store = (b: Build) => `file://${join(work, `vault-${b}`)}`;
  const peak: Record<Build, number> = { base: 0, this: 0 };
  const timed = (row: string, b: Build, args: string[]) => {
    const m = run(b, args);
    note(row, b, m.seconds);
    peak[b] = Math.max(peak[b], m.maxRssKb);
  };
  for (const b of order) {
    run(b, ['keys', 'init', '--out', `id-${b}.json`]);
    run(b, ['vault', 'init', '--store', store(b), '--identity', `id-${b}.json`]);
    run(b, ['vault', 'enroll', '--store', store(b), '--identity', `id-${b}.json`, '--label', 'ab', '--out', `writer-${b}.json`]);
  }
  const backup = (b: Build) => ['backup', '--store', store(b), '--writer', `writer-${b}.json`, '--source', `corpus=dir:${corpus}`];
  for (const b of order) timed('initial backup', b, backup(b));
  makeDay2(corpus);
  for (const b of order) timed('incremental backup', b, backup(b));
  for (const b of order) note('vault size (MB)', b, duBytes(join(work, `vault-${b}`)) / 1e6);
  for (const b of order) timed('full restore', b, ['restore', '--store', store(b), '--identity', `id-${b}.json`, 'latest:corpus', '--target', join(work, `out-${b}`)]);
  const one = 'node_modules/pkg-17/lib-3/file-43.js';
  for (const b of order) timed('single-file restore', b, ['restore', '--store', store(b), '--identity', `id-${b}.json`, `latest:corpus/${one}`, '--target', join(work, `one-${b}`)]);
  for (const b of order) note('peak RSS (MB)', b, (peak[b] * 1024) / 1e6);
  console.log(`round ${round + 1} of 3 done`);
}
rmSync(work, { recursive: true, force: true });

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(`\n${'row (median of 3)'.padEnd(24)}${'base'.padStart(10)}${'this'.padStart(10)}${'this/base'.padStart(11)}`);
for (const [row, v] of rows) {
  const [a, b] = [median(v.base), median(v.this)];
  console.log(`${row.padEnd(24)}${a.toFixed(2).padStart(10)}${b.toFixed(2).padStart(10)}${(b / a).toFixed(3).padStart(10)}×`);
}
