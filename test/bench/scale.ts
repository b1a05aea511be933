/**
 * `npm run bench:scale` (#14): what grows with a vault's age. The same verbs on a vault of 10
 * hourly snapshots and on one of a year of them (8,760; SCALE_SNAPSHOTS to change), both made by
 * scale-vault.ts and kept in tmpfs between runs. Each row: medians of three, the ratio, target ≤ 3×.
 * The agent's next backup is the index load and commit an hourly agent pays on every run; the
 * console's rows (unlock → Dashboard, the Timeline drawn) are the real UI's (scale-console.ts).
 */
import { existsSync, statfsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeScaleVault, type ScaleVault } from './scale-vault.js';
import { measure, type Measured } from './measure.js';
import { consoleRows } from './scale-console.js';

const PASSPHRASE = 'bench passphrase';
const big = Number(process.env.SCALE_SNAPSHOTS ?? 8760);
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const cli = join(repoRoot, 'build/bin/bulkhead.mjs');
const base = process.env.SCALE_DIR ?? (existsSync('/dev/shm') && statfsSync('/dev/shm').bavail * statfsSync('/dev/shm').bsize > 2e9 ? '/dev/shm/bulkhead-scale' : join(repoRoot, 'test/bench/.work-scale'));
/** Only the rows whose names contain one of these (comma-separated), e.g. SCALE_ROWS=agent. */
const only = process.env.SCALE_ROWS?.split(',');

const median = (ms: Measured[]) => [...ms].sort((a, b) => a.seconds - b.seconds)[1]!;

/** The operator's environment: the bench passphrase, the vault's own operator cache. */
const operatorEnv = (v: ScaleVault) => ({ ...process.env, BULKHEAD_PASSPHRASE: PASSPHRASE, BULKHEAD_CACHE_DIR: join(v.store, '..', 'operator-cache') });

function rows(v: ScaleVault): Record<string, Measured> {
  const env = operatorEnv(v);
  const agentEnv = { ...env, BULKHEAD_CACHE_DIR: v.cache };
  const store = `file://${v.store}`;
  const run = (args: string[], e = env) => Array.from({ length: 3 }, () => measure(process.execPath, [cli, ...args], e));
  // posture exits 1 on findings (an old vault has some): measured all the same.
  const posture = (e: NodeJS.ProcessEnv) => Array.from({ length: 3 }, () => measure('sh', ['-c', `"${process.execPath}" "${cli}" posture --store ${store} --identity ${v.identity} --json > /dev/null; true`], e));
  if (!only || only.some((o) => 'snapshots posture'.includes(o))) run(['snapshots', '--store', store, '--identity', v.identity, '--json']); // the operator's caches, as after a first look
  const backupArgs = ['backup', '--store', store, '--writer', v.writer, '--source', `config=dir:${join(v.store, '..', 'config')}`, '--json'];
  // A deployed agent (container, CronJob, CI runner) starts with an empty cache folder every run.
  const fresh = join(v.store, '..', 'fresh-agent-cache');
  const freshRun = () => Array.from({ length: 3 }, () => measure('sh', ['-c', `rm -rf "${fresh}" && "${process.execPath}" "${cli}" "$@" > /dev/null`, 'sh', ...backupArgs], { ...env, BULKHEAD_CACHE_DIR: fresh }));
  const all: Record<string, () => Measured[]> = {
    'snapshots (list)': () => run(['snapshots', '--store', store, '--identity', v.identity, '--json']),
    posture: () => posture(env),
    "agent's next backup": () => run(backupArgs, agentEnv),
    "agent's next backup, fresh cache": freshRun,
  };
  return Object.fromEntries(Object.entries(all).filter(([name]) => !only || only.some((o) => name.includes(o))).map(([name, rows]) => [name, median(rows())]));
}

console.log(`scale vaults in ${base} (made once: a year of hourly backups takes a while)…`);
const log = (s: string) => console.log(s);
const small = await makeScaleVault(join(base, 'v10'), 10, PASSPHRASE, log);
const large = await makeScaleVault(join(base, `v${big}`), big, PASSPHRASE, log);
// The console's rows (scale-console.ts) after the CLI's: the operator cache is as a first look left it.
const withConsole = async (v: ScaleVault, snapshots: number) => ({ ...rows(v), ...(!only || only.some((o) => 'console'.includes(o)) ? await consoleRows(cli, v, operatorEnv(v), snapshots) : {}) });
const [a, b] = [await withConsole(small, 10), await withConsole(large, big)];
const row = (m: Measured) => `${m.seconds.toFixed(2)} s (${m.cpuSeconds.toFixed(2)} CPU)`;
console.log(`${'verb'.padEnd(34)}${'10 snaps'.padStart(20)}${`${big} snaps`.padStart(22)}${'ratio'.padStart(8)}  target ≤ 3× (CPU ratio beside: the machine may be shared)`);
for (const name of Object.keys(a)) {
  const [x, y] = [a[name]!, b[name]!];
  console.log(`${name.padEnd(34)}${row(x).padStart(20)}${row(y).padStart(22)}${(y.seconds / x.seconds).toFixed(2).padStart(7)}×  CPU ${x.cpuSeconds > 0 ? `${(y.cpuSeconds / x.cpuSeconds).toFixed(2)}×` : '—'}`);
}
