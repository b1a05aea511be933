/**
 * `npm run bench:scale` (#14): what grows with a vault's age. The same verbs on a vault of 10
 * hourly snapshots and on one of a year of them (8,760; SCALE_SNAPSHOTS to change), both made by
 * scale-vault.ts and kept in tmpfs between runs. Each row: medians of three, the ratio, target ≤ 3×.
 * The agent's next backup is the index load and commit an hourly agent pays on every run.
 */
import { existsSync, statfsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeScaleVault, type ScaleVault } from './scale-vault.js';
import { measure, type Measured } from './measure.js';

const PASSPHRASE = 'bench passphrase';
const big = Number(process.env.SCALE_SNAPSHOTS ?? 8760);
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const cli = join(repoRoot, 'build/bin/bulkhead.mjs');
const base = existsSync('/dev/shm') && statfsSync('/dev/shm').bavail * statfsSync('/dev/shm').bsize > 2e9 ? '/dev/shm/bulkhead-scale' : join(repoRoot, 'test/bench/.work-scale');

const median = (ms: Measured[]) => [...ms].sort((a, b) => a.seconds - b.seconds)[1]!;

function rows(v: ScaleVault): Record<string, Measured> {
  const env = { ...process.env, BULKHEAD_PASSPHRASE: PASSPHRASE, BULKHEAD_CACHE_DIR: join(v.store, '..', 'operator-cache') };
  const agentEnv = { ...env, BULKHEAD_CACHE_DIR: v.cache };
  const store = `file://${v.store}`;
  const run = (args: string[], e = env) => Array.from({ length: 3 }, () => measure(process.execPath, [cli, ...args], e));
  // posture exits 1 on findings (an old vault has some): measured all the same.
  const posture = (e: NodeJS.ProcessEnv) => Array.from({ length: 3 }, () => measure('sh', ['-c', `"${process.execPath}" "${cli}" posture --store ${store} --identity ${v.identity} --json > /dev/null; true`], e));
  run(['snapshots', '--store', store, '--identity', v.identity, '--json']); // the operator's caches, as after a first look
  return {
    'snapshots (list)': median(run(['snapshots', '--store', store, '--identity', v.identity, '--json'])),
    posture: median(posture(env)),
    "agent's next backup": median(run(['backup', '--store', store, '--writer', v.writer, '--source', `config=dir:${join(v.store, '..', 'config')}`, '--json'], agentEnv)),
  };
}

console.log(`scale vaults in ${base} (made once: a year of hourly backups takes a while)…`);
const log = (s: string) => console.log(s);
const small = await makeScaleVault(join(base, 'v10'), 10, PASSPHRASE, log);
const large = await makeScaleVault(join(base, `v${big}`), big, PASSPHRASE, log);
const [a, b] = [rows(small), rows(large)];
console.log(`${'verb'.padEnd(22)}${'10 snaps'.padStart(10)}${`${big} snaps`.padStart(14)}${'ratio'.padStart(8)}  target ≤ 3×`);
for (const name of Object.keys(a)) {
  const [x, y] = [a[name]!.seconds, b[name]!.seconds];
  console.log(`${name.padEnd(22)}${`${x.toFixed(2)} s`.padStart(10)}${`${y.toFixed(2)} s`.padStart(14)}${(y / x).toFixed(2).padStart(7)}×`);
}
