/**
 * `npm run bench:wide` (#14, scale): a wide writer, one agent backing up an organisation's 1,000
 * repositories every hour (a tenth changing), on a vault of 10 of its snapshots and one of
 * WIDE_SNAPSHOTS (2,000 by default: ~12 weeks), both made by wide-vault.ts and kept in tmpfs
 * between runs. Rows: the operator's first look (every snapshot verified, decrypted and parsed,
 * every repository version's tree and manifest counted: 1,900 versions on the small vault, 200,900
 * on the large, so it grows with what changed, not with the snapshots alone; once, measured once),
 * then `snapshots` (text and --json, whose text grows with every record) and posture from the
 * operator's caches, medians of three. Target ≤ 3× the small vault's; peak RSS beside it, since a
 * wide writer's year is where memory ran out.
 */
import { existsSync, rmSync, statfsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeWideVault, type WideVault } from './wide-vault.js';
import { measure, type Measured } from './measure.js';

const PASSPHRASE = 'bench passphrase';
const big = Number(process.env.WIDE_SNAPSHOTS ?? 2000);
const shape = { sources: 1000, changedPerHour: 100, initialPacks: 3000 };
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const cli = join(repoRoot, 'build/bin/bulkhead.mjs');
const base = process.env.WIDE_DIR ?? (existsSync('/dev/shm') && statfsSync('/dev/shm').bavail * statfsSync('/dev/shm').bsize > 4e9 ? '/dev/shm/bulkhead-wide' : join(repoRoot, 'test/bench/.work-wide'));

const median = (ms: Measured[]) => [...ms].sort((a, b) => a.seconds - b.seconds)[1]!;

function rows(v: WideVault): Record<string, Measured> {
  const cache = join(v.store, '..', 'operator-cache');
  const env = { ...process.env, BULKHEAD_PASSPHRASE: PASSPHRASE, BULKHEAD_CACHE_DIR: cache };
  const store = `file://${v.store}`;
  // stdout to /dev/null through sh: the listing's JSON is ~450 KB a snapshot (its time grows with its text); posture's findings exit 6 or 7 (a local folder is not immutable; the trees are not stored)
  const shell = (verb: string) => measure('sh', ['-c', `"${process.execPath}" "${cli}" ${verb} --store ${store} --identity ${v.identity} > /dev/null; s=$?; [ $s -eq 0 ] || [ $s -eq 6 ] || [ $s -eq 7 ]`], env);
  rmSync(cache, { recursive: true, force: true });
  const first = shell('snapshots');
  return {
    'first look (snapshots)': first,
    'snapshots (cached)': median(Array.from({ length: 3 }, () => shell('snapshots'))),
    'snapshots --json (cached)': median(Array.from({ length: 3 }, () => shell('snapshots --json'))),
    'posture --json (cached)': median(Array.from({ length: 3 }, () => shell('posture --json'))),
  };
}

console.log(`wide-writer vaults in ${base} (${shape.sources} sources, ${shape.changedPerHour} changed an hour; made once)…`);
const log = (s: string) => console.log(s);
const small = await makeWideVault(join(base, 'w10'), { snapshots: 10, ...shape }, PASSPHRASE, log);
const large = await makeWideVault(join(base, `w${big}`), { snapshots: big, ...shape }, PASSPHRASE, log);
const [a, b] = [rows(small), rows(large)];
const cell = (m: Measured) => `${m.seconds.toFixed(2)} s ${(m.maxRssKb / 1024).toFixed(0)} MiB`;
console.log(`${'verb (wide writer)'.padEnd(28)}${'10 snaps'.padStart(20)}${`${big} snaps`.padStart(22)}${'ratio'.padStart(9)}  target ≤ 3× (CPU ratio beside)`);
for (const name of Object.keys(a)) {
  const [x, y] = [a[name]!, b[name]!];
  console.log(`${name.padEnd(28)}${cell(x).padStart(20)}${cell(y).padStart(22)}${(y.seconds / x.seconds).toFixed(2).padStart(8)}×  CPU ${(y.cpuSeconds / Math.max(x.cpuSeconds, 0.01)).toFixed(2)}×`);
}
