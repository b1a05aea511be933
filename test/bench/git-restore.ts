/**
 * The "git repo restore" rows of `npm run bench` (git issue: at most 1.5× `git clone --mirror` from
 * a bundle). Bulkhead is timed twice: inside an unlocked session, as the console restores (the
 * identity unlocked and the vault opened once, before), and as one CLI call, which also pays for
 * Node's start and the ~0.5 s scrypt unlock of the identity. Medians of three runs each.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { openStore } from '../../src/host/open-store.js';
import { parseSealedIdentity, unsealIdentity } from '../../src/keys/sealed-identity.js';
import { openVault } from '../../src/ops/open-vault.js';
import { restoreGit } from '../../src/ops/restore/restore-git.js';
import { measure, type Measured } from './measure.js';

export interface GitRestoreSetup {
  cli: string;
  env: NodeJS.ProcessEnv;
  store: string;
  identity: string;
  passphrase: string;
  repo: string;
  work: string;
}

const RUNS = 3;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const asMeasured = (seconds: number): Measured => ({ seconds, cpuSeconds: 0, maxRssKb: 0, stdout: '' });

export async function gitRestoreTimes(s: GitRestoreSetup): Promise<{ clone: Measured; session: Measured; cli: Measured }> {
  const bundle = join(s.work, 'repo.bundle');
  measure('git', ['--git-dir', s.repo, 'bundle', 'create', bundle, '--all'], process.env);
  const target = (what: string, i: number) => join(s.work, `${what}-${i}.git`);
  const clean = () => ['clone', 'cli', 'session'].forEach((what) => Array.from({ length: RUNS }, (_, i) => rmSync(target(what, i), { recursive: true, force: true })));
  clean();
  const clone = Array.from({ length: RUNS }, (_, i) => measure('git', ['clone', '--quiet', '--mirror', bundle, target('clone', i)], process.env).seconds);
  const cli = Array.from({ length: RUNS }, (_, i) =>
    measure(process.execPath, [s.cli, 'restore', '--store', s.store, '--identity', s.identity, 'latest:repo', '--target', target('cli', i)], s.env, s.work).seconds);

  const sealed = parseSealedIdentity(JSON.parse(readFileSync(s.identity, 'utf8')), s.identity);
  const identity = await unsealIdentity(sealed, Buffer.from(s.passphrase), s.identity);
  const reader = await openVault(await openStore(s.store), identity, s.env.BULKHEAD_CACHE_DIR!);
  await reader.snapshots();
  const session: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await restoreGit({ reader, snapshot: 'latest', name: 'repo', target: target('session', i), refs: [], force: false });
    session.push((performance.now() - t0) / 1000);
  }
  reader.close();
  identity.wipe();
  clean();
  return { clone: asMeasured(median(clone)), session: asMeasured(median(session)), cli: asMeasured(median(cli)) };
}
