/**
 * The "git backup" rows of `npm run bench` (#13: a backup costs what changed). A repository with
 * 261 refs and pipelines on every branch (corpus.ts, makeBranchyRepo) is backed up and compared with
 * `git bundle create --all` of it: a first backup (fresh agent cache and vault, target ≤ 3×) and a
 * backup of the unchanged repository (target ≤ 1.5×). Medians of three each. Every run is the built
 * CLI, as an agent runs it; the row reads the time the backup itself took (its `--json` `seconds`:
 * the vault opened, the repository read, the snapshot committed) and prints the whole call beside it
 * (Node's start and module loading added). In-process runs under tsx would time TypeScript being
 * compiled in the pack workers, not Bulkhead. A third row backs up the first backup's mirror as a
 * plain folder into a fresh vault: what storing those bytes costs the vault, the first backup's
 * floor whatever git work it does.
 */
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { makeBranchyRepo } from './corpus.js';
import { measure, type Measured } from './measure.js';

export interface GitBackupSetup {
  cli: string;
  env: NodeJS.ProcessEnv;
  work: string;
}

const RUNS = 3;
const median = (ms: Measured[]) => [...ms].sort((a, b) => a.seconds - b.seconds)[Math.floor(ms.length / 2)]!;

/** The one mirror an agent's cache holds (<cache>/<vault>/git/<hash>.git). */
function mirrorOf(cache: string): string {
  for (const d of readdirSync(cache, { withFileTypes: true })) {
    const git = join(cache, d.name, 'git');
    if (d.isDirectory() && readdirSync(join(cache, d.name)).includes('git')) return join(git, readdirSync(git).find((m) => m.endsWith('.git'))!);
  }
  throw new Error(`no git mirror in ${cache}`);
}

/** A CLI backup's own time (from --json), with the whole call kept as its stdout for the report. */
const inBackup = (m: Measured): Measured => ({ ...m, seconds: (JSON.parse(m.stdout) as { seconds: number }).seconds, stdout: m.seconds.toFixed(2) });

export async function gitBackupTimes(s: GitBackupSetup): Promise<{ bundle: Measured; first: Measured; unchanged: Measured; folder: Measured; runs: string }> {
  const dir = join(s.work, 'git-backup');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const repo = join(dir, 'branchy.git');
  makeBranchyRepo(repo);
  const bundles = Array.from({ length: RUNS }, (_, i) => measure('git', ['--git-dir', repo, 'bundle', 'create', '--quiet', join(dir, `all-${i}.bundle`), '--all'], process.env));
  const cliRun = (args: string[], cache: string) => measure(process.execPath, [s.cli, ...args], { ...s.env, BULKHEAD_CACHE_DIR: cache }, dir);
  cliRun(['keys', 'init', '--out', 'id.json'], join(dir, 'keys-cache'));
  const first: Measured[] = [];
  const unchanged: Measured[] = [];
  const folder: Measured[] = [];
  for (let i = 0; i < RUNS; i++) {
    const url = `file://${join(dir, `vault-${i}`)}`;
    const cache = join(dir, `cache-${i}`);
    cliRun(['vault', 'init', '--store', url, '--identity', 'id.json'], cache);
    cliRun(['vault', 'enroll', '--store', url, '--identity', 'id.json', '--label', `git-${i}`, '--out', `writer-${i}.json`], cache);
    const once = () => inBackup(cliRun(['backup', '--store', url, '--writer', `writer-${i}.json`, '--source', `branchy=git:${repo}`, '--json'], cache));
    first.push(once());
    unchanged.push(once());
    const mirror = mirrorOf(cache);
    const plain = `file://${join(dir, `vault-folder-${i}`)}`;
    cliRun(['vault', 'init', '--store', plain, '--identity', 'id.json'], cache);
    cliRun(['vault', 'enroll', '--store', plain, '--identity', 'id.json', '--label', `folder-${i}`, '--out', `folder-${i}.json`], cache);
    folder.push(inBackup(cliRun(['backup', '--store', plain, '--writer', `folder-${i}.json`, '--source', `mirror=dir:${mirror}`, '--json'], join(dir, `folder-cache-${i}`))));
  }
  rmSync(dir, { recursive: true, force: true });
  const secs = (ms: Measured[]) => ms.map((m) => `${m.seconds.toFixed(2)} (${m.stdout}, ${m.cpuSeconds.toFixed(2)} CPU)`).join(', ');
  return {
    bundle: median(bundles),
    first: median(first),
    unchanged: median(unchanged),
    folder: median(folder),
    runs: `bundle ${bundles.map((m) => `${m.seconds.toFixed(2)} (${m.cpuSeconds.toFixed(2)} CPU)`).join(', ')} s; first ${secs(first)} s; unchanged ${secs(unchanged)} s; mirror as a folder ${secs(folder)} s (in brackets: the whole CLI call and its CPU seconds, git included)`,
  };
}

/** `BENCH_ONLY=git-backup`: just these rows, without the ~1 GiB corpus. */
export async function printGitBackupRows(s: GitBackupSetup): Promise<void> {
  console.log('git backup of a repository with 261 refs (pipelines on every branch) vs git bundle create --all…');
  const r = await gitBackupTimes(s);
  for (const [name, m] of [['first git backup', r.first], ['unchanged git backup', r.unchanged], ['  mirror as a folder', r.folder]] as const) {
    console.log(`${name.padEnd(22)}${`${m.seconds.toFixed(2)} s`.padStart(10)}${`${r.bundle.seconds.toFixed(2)} s`.padStart(10)}${(m.seconds / r.bundle.seconds).toFixed(2).padStart(8)}×`);
  }
  console.log(`runs: ${r.runs} (targets: first ≤ 3×, unchanged ≤ 1.5× the bundle; medians of three)`);
}
