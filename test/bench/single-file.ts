/**
 * `npx tsx test/bench/single-file.ts [BUILD_DIR…]`: the bench's single-file restore row alone,
 * interleaved: this build, each other build folder given (e.g. build/abA, a copy of build/ from
 * before a change) and restic, round after round (rotating who goes first), medians of three (or
 * ROUNDS). The vault and restic's repository hold the bench corpus after the bench's two backups
 * (initial, day 2); they are made once into tmpfs and kept (`--fresh` makes them again). Each build
 * has its own cache folder, warmed as the bench's is (a full restore before); `--cold` also times a
 * restore with no cache at all (an operator's first look from a new machine); `--no-this` leaves out
 * build/ (others' work in progress may be in it) and runs only the folders given. Not a test.
 */
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadavg } from 'node:os';
import { ensureCorpus, makeDay2 } from './corpus.js';
import { ensureTools, measure, type Measured } from './measure.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const args = process.argv.slice(2);
const fresh = args.includes('--fresh');
const cold = args.includes('--cold');
/** `--no-this`: only the build folders given (e.g. a clean build of a commit beside build/abA). */
const noThis = args.includes('--no-this');
const others = args.filter((a) => !a.startsWith('--')).map((d) => resolve(d));
const builds = new Map<string, string>([...(noThis ? [] : [['this', join(repoRoot, 'build/bin/bulkhead.mjs')] as [string, string]]), ...others.map((d) => [basename(d), join(d, 'bin/bulkhead.mjs')] as [string, string])]);
for (const [name, cli] of builds) if (!existsSync(cli)) throw new Error(`${name}: no ${cli} (build it: node build/bundle.mjs)`);
const rounds = Number(process.env.ROUNDS ?? 3);

ensureTools();
const root = existsSync('/dev/shm') ? '/dev/shm/bulkhead-bench' : join(repoRoot, 'test/bench/.work');
const cached = join(root, 'corpus-v2');
ensureCorpus(cached);
const work = join(root, 'single-file');
const passphrase = 'bench passphrase';
const env = (cache: string) => ({ ...process.env, BULKHEAD_PASSPHRASE: passphrase, BULKHEAD_CACHE_DIR: cache });
const rs = { ...process.env, RESTIC_PASSWORD: passphrase, RESTIC_CACHE_DIR: join(work, 'restic-cache'), RESTIC_REPOSITORY: join(work, 'restic-repo') };
const store = `file://${join(work, 'vault')}`;
const corpus = join(work, 'corpus');
const thisCli = [...builds.values()].at(-1)!;
const bulkhead = (cli: string, cache: string, a: string[]) => measure(process.execPath, [cli, ...a], env(cache), work);
const restic = (a: string[]) => measure('restic', ['-q', ...a], rs, work);

if (fresh || !existsSync(join(work, '.complete'))) {
  console.log('making the vault and restic repository (initial and day-2 backups)…');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  cpSync(cached, corpus, { recursive: true, verbatimSymlinks: true });
  rmSync(join(corpus, '.complete'));
  const agent = join(work, 'agent-cache');
  bulkhead(thisCli, agent, ['keys', 'init', '--out', 'id.json']);
  bulkhead(thisCli, agent, ['vault', 'init', '--store', store, '--identity', 'id.json']);
  bulkhead(thisCli, agent, ['vault', 'enroll', '--store', store, '--identity', 'id.json', '--label', 'bench', '--out', 'writer.json']);
  restic(['init']);
  const backup = ['backup', '--store', store, '--writer', 'writer.json', '--source', `corpus=dir:${corpus}`];
  bulkhead(thisCli, agent, backup);
  restic(['backup', corpus]);
  makeDay2(corpus);
  bulkhead(thisCli, agent, backup);
  restic(['backup', corpus]);
  writeFileSync(join(work, '.complete'), '');
}

const one = 'node_modules/pkg-17/lib-3/file-43.js';
const restoreArgs = (target: string) => ['restore', '--store', store, '--identity', 'id.json', `latest:corpus/${one}`, '--target', target];
const cacheOf = (name: string) => join(work, `cache-${name}`);
// Warm each build's cache as the bench does: a full restore first (it opens every segment and private part).
for (const [name, cli] of builds) {
  rmSync(cacheOf(name), { recursive: true, force: true });
  cpSync(join(work, 'agent-cache'), cacheOf(name), { recursive: true });
  const out = join(work, `full-${name}`);
  bulkhead(cli, cacheOf(name), ['restore', '--store', store, '--identity', 'id.json', 'latest:corpus', '--target', out]);
  rmSync(out, { recursive: true, force: true });
}
restic(['restore', 'latest', '--target', join(work, 'restic-warm'), '--include', join(corpus, one)]);
rmSync(join(work, 'restic-warm'), { recursive: true, force: true });

type Row = { wall: number[]; cpu: number[]; rss: number[] };
const rows = new Map<string, Row>();
const note = (row: string, m: Measured) => {
  const r = rows.get(row) ?? { wall: [], cpu: [], rss: [] };
  r.wall.push(m.seconds);
  r.cpu.push(m.cpuSeconds);
  r.rss.push(m.maxRssKb / 1024);
  rows.set(row, r);
};
const contenders: [string, (target: string) => Measured][] = [
  ...[...builds].map(([name, cli]) => [name, (t: string) => bulkhead(cli, cacheOf(name), restoreArgs(t))] as [string, (t: string) => Measured]),
  ...(cold ? [...builds].map(([name, cli]) => [`${name} (no cache)`, (t: string) => {
    const empty = join(work, `cold-${name}`);
    rmSync(empty, { recursive: true, force: true });
    return bulkhead(cli, empty, restoreArgs(t));
  }] as [string, (t: string) => Measured]) : []),
  ['restic', (t: string) => restic(['restore', 'latest', '--target', t, '--include', join(corpus, one)])],
];
const loads: number[] = [];
for (let round = 0; round < rounds; round++) {
  const order = contenders.map((_, i) => contenders[(i + round) % contenders.length]!);
  for (const [name, run] of order) {
    const target = join(work, `one-${round}-${name.replace(/\W+/g, '-')}`);
    loads.push(loadavg()[0]!);
    note(name, run(target));
    rmSync(target, { recursive: true, force: true });
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const rsWall = median(rows.get('restic')!.wall);
const rsCpu = median(rows.get('restic')!.cpu);
console.log(`\nsingle-file restore of ${one}, medians of ${rounds} (ranges), load ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}`);
console.log(`${'who'.padEnd(20)}${'wall s'.padStart(18)}${'CPU s'.padStart(18)}${'RSS MB'.padStart(10)}${'wall/restic'.padStart(13)}${'CPU/restic'.padStart(12)}`);
for (const [name, r] of rows) {
  const span = (xs: number[]) => `${median(xs).toFixed(2)} (${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)})`;
  console.log(`${name.padEnd(20)}${span(r.wall).padStart(18)}${span(r.cpu).padStart(18)}${median(r.rss).toFixed(0).padStart(10)}${(median(r.wall) / rsWall).toFixed(2).padStart(12)}×${(median(r.cpu) / rsCpu).toFixed(2).padStart(11)}×`);
}
