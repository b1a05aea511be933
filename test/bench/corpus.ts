/**
 * A deterministic ≥1 GB DevOps corpus (docs/PERFORMANCE.md) of many small files, as unpacked npm packages
 * are (48,000 source files, median under 1 KB, a tenth of them 20–100 KB), hundreds of CI and k8s
 * YAML files, bare git mirrors with history, a tarball, a model file and 100 MB of random bytes; and
 * a day-2 edit (~2% of files changed, 20 new commits per repo). Same bytes on every run and machine.
 */
import { createCipheriv } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Deterministic bytes: AES-256-CTR keystream under a fixed key, per named stream. */
class Prng {
  #cipher;
  #buf: Buffer = Buffer.alloc(0);
  #pos = 0;
  constructor(name: string) {
    const key = Buffer.alloc(32);
    key.write(name.padEnd(32, '.').slice(0, 32));
    this.#cipher = createCipheriv('aes-256-ctr', key, Buffer.alloc(16));
  }
  bytes(n: number): Buffer {
    return this.#cipher.update(Buffer.alloc(n));
  }
  int(max: number): number {
    if (this.#pos + 4 > this.#buf.length) {
      this.#buf = this.bytes(65536);
      this.#pos = 0;
    }
    const v = this.#buf.readUInt32LE(this.#pos);
    this.#pos += 4;
    return v % max;
  }
}

const WORDS = ('const let function return import export from async await if else for while new class extends this ' +
  'module require exports default null undefined true false value key config options result error data buffer ' +
  'stream request response handler callback promise resolve reject length index item items list map set get ' +
  'push pop slice split join filter reduce object string number array boolean typeof instanceof throw try catch').split(' ');

function text(p: Prng, bytes: number): string {
  const lines: string[] = [];
  let n = 0;
  while (n < bytes) {
    const indent = '  '.repeat(p.int(4));
    const words = Array.from({ length: 3 + p.int(9) }, () => WORDS[p.int(WORDS.length)]);
    const line = `${indent}${words.join(' ')};`;
    lines.push(line);
    n += line.length + 1;
  }
  return lines.join('\n') + '\n';
}

function yaml(p: Prng, i: number): string {
  const jobs = Array.from({ length: 2 + p.int(5) }, (_, j) => `  job-${j}:\n    runs-on: ubuntu-latest\n    steps:\n${Array.from({ length: 3 + p.int(6) }, (_, k) => `      - run: make target-${i}-${j}-${k}\n`).join('')}`).join('');
  return `name: pipeline-${i}\non:\n  push:\n    branches: [main]\njobs:\n${jobs}apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: svc-${i}\nspec:\n  replicas: ${1 + p.int(5)}\n`;
}

export const PACKAGES = 48;
export const FILES_PER_PACKAGE = 1000;
const REPOS = 5;

/** Two thirds under 1.2 KB, a quarter 1.2–12 KB, a tenth 20–100 KB: median ~0.9 KB, mean ~7 KB. */
function fileSize(p: Prng): number {
  const bucket = p.int(100);
  if (bucket < 65) return 80 + p.int(1_120);
  if (bucket < 90) return 1_200 + p.int(10_800);
  return 20_000 + p.int(80_000);
}

/** The corpus in `dir`, generated there once (a `.complete` marker says a run finished it). */
export function ensureCorpus(dir: string): void {
  if (existsSync(join(dir, '.complete'))) return;
  console.log(`generating the corpus in ${dir} (once; about a minute)…`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  makeCorpus(dir);
  writeFileSync(join(dir, '.complete'), '');
}

export function makeCorpus(root: string): void {
  const p = new Prng('corpus-day1');
  for (let pkg = 0; pkg < PACKAGES; pkg++) {
    for (let f = 0; f < FILES_PER_PACKAGE; f++) {
      const dir = join(root, 'node_modules', `pkg-${pkg}`, `lib-${f % 20}`);
      if (f < 20) mkdirSync(dir, { recursive: true });
      const size = fileSize(p);
      writeFileSync(join(dir, `file-${f}.js`), text(p, size));
    }
  }
  mkdirSync(join(root, 'ci'), { recursive: true });
  for (let i = 0; i < 420; i++) writeFileSync(join(root, 'ci', `pipeline-${i}.yaml`), yaml(p, i));
  mkdirSync(join(root, 'bin'));
  writeFileSync(join(root, 'bin', 'random.bin'), p.bytes(100 << 20));
  for (const [name, mib] of [['app.tar', 200], ['model.bin', 240]] as const) {
    const parts: Buffer[] = [];
    for (let i = 0; i < mib; i++) parts.push(i % 3 === 0 ? Buffer.alloc(1 << 20, i) : i % 3 === 1 ? p.bytes(1 << 20) : Buffer.from(text(p, 1 << 20)));
    writeFileSync(join(root, 'bin', name), Buffer.concat(parts));
  }
  for (let r = 0; r < REPOS; r++) gitRepo(join(root, 'repos', `repo-${r}.git`), new Prng(`repo-${r}`), 0, 200);
}

/** Commits via git fast-import: deterministic ids (fixed dates), fast. */
function gitRepo(path: string, p: Prng, from: number, count: number): void {
  if (from === 0) {
    mkdirSync(path, { recursive: true });
    spawnSync('git', ['init', '-q', '--bare', '-b', 'main', path]);
  }
  let stream = '';
  for (let c = from; c < from + count; c++) {
    const files = Array.from({ length: 20 }, (_, k) => {
      const body = text(p, 2000 + p.int(20_000));
      return `M 100644 inline src/module-${(c * 7 + k) % 300}.js\ndata ${Buffer.byteLength(body)}\n${body}\n`;
    }).join('');
    const msg = `change ${c}`;
    stream += `commit refs/heads/main\ncommitter Bench <bench@example.com> ${1_600_000_000 + c * 3600} +0000\ndata ${msg.length}\n${msg}\n`;
    if (c > 0) stream += c === from ? `from refs/heads/main^0\n` : '';
    stream += files + '\n';
  }
  const r = spawnSync('git', ['--git-dir', path, 'fast-import', '--quiet'], { input: stream, maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`git fast-import failed: ${r.stderr}`);
  spawnSync('git', ['--git-dir', path, 'repack', '-adq']);
}

/** Day 2: ~2% of the source files edited, a few YAML files changed, 20 commits per repo. */
export function makeDay2(root: string): number {
  const p = new Prng('corpus-day2');
  let changed = 0;
  for (let pkg = 0; pkg < PACKAGES; pkg++) {
    for (let f = 0; f < FILES_PER_PACKAGE; f += 50) {
      appendFileSync(join(root, 'node_modules', `pkg-${pkg}`, `lib-${f % 20}`, `file-${f}.js`), text(p, 200));
      changed++;
    }
  }
  for (const name of readdirSync(join(root, 'ci')).slice(0, 10)) {
    appendFileSync(join(root, 'ci', name), `# edited on day 2\n`);
    changed++;
  }
  for (let r = 0; r < REPOS; r++) gitRepo(join(root, 'repos', `repo-${r}.git`), new Prng(`repo-${r}-day2`), 200, 20);
  return changed;
}

const BENCH_PIPELINES: Record<string, string> = {
  '.github/workflows/ci.yml': 'name: CI\non: [push, pull_request]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps: [{ run: make test }]\n',
  '.gitlab-ci.yml': 'include:\n  - local: ci/deploy.yml\n.base: &base\n  image: alpine\nunit:\n  <<: *base\n  script: [make test]\n',
  'ci/deploy.yml': 'deploy:\n  script: [make deploy]\n',
  'Jenkinsfile': "pipeline { stages { stage('Build') {} stage('Test') {} } }\n",
  '.drone.yml': 'kind: pipeline\nname: build\nsteps: [{name: test}]\n---\nkind: pipeline\nname: release\nsteps: [{name: ship}]\n',
};

/**
 * The "git backup" bench repository: 400 commits on main (10 files each), then 240 branches off
 * points of its history (one commit each, every fifth editing the workflow) and 20 tags: 261 refs,
 * pipelines of four CI systems on every branch. fast-import, fixed dates: same ids on every run.
 */
export function makeBranchyRepo(path: string): void {
  const p = new Prng('branchy');
  mkdirSync(path, { recursive: true });
  spawnSync('git', ['init', '-q', '--bare', '-b', 'main', path]);
  const file = (name: string, body: string) => `M 100644 inline ${name}\ndata ${Buffer.byteLength(body)}\n${body}\n`;
  const commit = (ref: string, mark: number, t: number, from: string | undefined, files: string) =>
    `commit ${ref}\nmark :${mark}\ncommitter Bench <bench@example.com> ${1_600_000_000 + t * 60} +0000\ndata 6\nchange\n${from ? `from ${from}\n` : ''}${files}\n`;
  let stream = '';
  for (let c = 1; c <= 400; c++) {
    const files = Array.from({ length: 10 }, (_, k) => file(`src/dir-${(c + k) % 30}/module-${(c * 10 + k) % 300}.js`, text(p, 1000 + p.int(12_000)))).join('');
    stream += commit('refs/heads/main', c, c, undefined, (c === 1 ? Object.entries(BENCH_PIPELINES).map(([n, b]) => file(n, b)).join('') : '') + files);
  }
  for (let b = 0; b < 240; b++) {
    const base = 1 + ((b * 7) % 400);
    const extra = b % 5 === 0 ? file('.github/workflows/ci.yml', BENCH_PIPELINES['.github/workflows/ci.yml']!.replace('make test', `make test-${b}`)) : '';
    stream += commit(`refs/heads/feature/b-${b}`, 1000 + b, 500 + b, `:${base}`, file(`src/dir-${b % 30}/branch-${b}.js`, text(p, 2000)) + extra);
  }
  for (let t = 0; t < 20; t++) stream += `reset refs/tags/v${t}\nfrom :${20 * (t + 1)}\n\n`;
  const r = spawnSync('git', ['--git-dir', path, 'fast-import', '--quiet'], { input: stream, maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`git fast-import failed: ${r.stderr}`);
  spawnSync('git', ['--git-dir', path, 'repack', '-adq']);
}
