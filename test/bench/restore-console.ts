/**
 * A restore of many small files (issue 15 item 5): the CLI (`bulkhead restore`, a process of its own)
 * against the console's path (restore.plan, restore.start and jobs.get polled through the API table,
 * in this process, as the web console serves them). Prints times and the progress the job showed;
 * asserts nothing. `RESTORE_FILES` sets the count (100,000 by default); the vault is made once into
 * tmpfs.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createConsoleHost } from '../../src/host/console/console-host.js';
import { defaultHost } from '../../src/host/context.js';

const FILES = Number(process.env.RESTORE_FILES ?? 100_000);
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const cli = join(repoRoot, 'build/bin/bulkhead.mjs');
const base = join(existsSync('/dev/shm') ? '/dev/shm/bulkhead-bench' : join(repoRoot, 'test/bench/.work'), `restore-${FILES}`);
const env = { ...process.env, BULKHEAD_PASSPHRASE: 'bench passphrase', BULKHEAD_CACHE_DIR: join(base, 'cache') };
const bulkhead = (...args: string[]) => {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: base, env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`bulkhead ${args[0]} failed: ${r.stderr}`);
  return performance.now() - t0;
};

if (!existsSync(join(base, '.complete'))) {
  console.log(`making a vault holding ${FILES.toLocaleString()} small files in ${base} (once)…`);
  rmSync(base, { recursive: true, force: true });
  const tree = join(base, 'tree');
  for (let d = 0; d < 100; d++) mkdirSync(join(tree, 'many', `d${d}`), { recursive: true });
  for (let i = 0; i < FILES; i++) writeFileSync(join(tree, 'many', `d${i % 100}`, `f-${i}.txt`), `file ${i} of the bulk source\n`);
  bulkhead('keys', 'init', '--out', 'id.json');
  bulkhead('vault', 'init', '--store', `file://${join(base, 'vault')}`, '--identity', 'id.json');
  bulkhead('vault', 'enroll', '--store', `file://${join(base, 'vault')}`, '--identity', 'id.json', '--label', 'bench', '--out', 'writer.json');
  bulkhead('backup', '--store', `file://${join(base, 'vault')}`, '--writer', 'writer.json', '--source', `big=dir:${tree}`);
  writeFileSync(join(base, '.complete'), '');
}

const out = join(base, 'out');
rmSync(out, { recursive: true, force: true });
mkdirSync(out);
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

// 1. The CLI, a process of its own (unlock and vault open included).
const cliMs = bulkhead('restore', 'latest:big/many', '--target', join(out, 'cli'), '--store', `file://${join(base, 'vault')}`, '--identity', 'id.json');
console.log(`CLI restore of ${FILES.toLocaleString()} files: ${s(cliMs)} (process start, unlock and vault open included)`);

// 2. The console: plan, start, poll the job as the UI does (every 500 ms).
const catalog = join(base, 'console-bench.db');
rmSync(catalog, { force: true });
const core = createConsoleHost({ ...defaultHost(), cacheRoot: join(base, 'cache') }, catalog);
async function call<T>(name: string, args: unknown): Promise<T> {
  const r = await core.dispatch(name, args);
  if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
  return r.value as T;
}
try {
  const { id: vaultId } = await call<{ id: string }>('vaults.add', { name: 'bench', url: `file://${join(base, 'vault')}` });
  await call('session.unlock', { identity: { path: join(base, 'id.json') }, passphrase: 'bench passphrase' });
  await call('snapshots.list', { vaultId });
  let t0 = performance.now();
  const plan = await call<{ planId: string; confirmWord: string }>('restore.plan', { vaultId, snapshot: 'latest', paths: ['big/many'], target: join(out, 'console') });
  const planMs = performance.now() - t0;
  t0 = performance.now();
  const { jobId } = await call<{ jobId: string }>('restore.start', { planId: plan.planId, confirm: plan.confirmWord });
  interface Job { status: string; phase: string; done: number; total: number | null; items: { done: number; total: number } | null; etaSeconds: number | null; error: { message: string } | null }
  let job: Job;
  const seen: string[] = [];
  for (;;) {
    await new Promise((r) => setTimeout(r, 500));
    job = await call<Job>('jobs.get', { jobId });
    const line = `${job.phase} ${job.items ? `${job.items.done}/${job.items.total} files` : ''} ${job.done}/${job.total ?? '?'} B eta ${job.etaSeconds?.toFixed(0) ?? '?'} s`;
    if (seen.length === 0 || seen.at(-1) !== line) seen.push(`${s(performance.now() - t0)}: ${line}`);
    if (job.status !== 'running') break;
  }
  const runMs = performance.now() - t0;
  console.log(`console restore of ${FILES.toLocaleString()} files: plan ${s(planMs)}, run ${s(runMs)} (${job.status}${job.error ? `: ${job.error.message}` : ''})`);
  const every = Math.max(1, Math.floor(seen.length / 12));
  for (const [i, l] of seen.entries()) if (i % every === 0 || i === seen.length - 1) console.log(`  ${l}`);
} finally {
  core.close();
}
