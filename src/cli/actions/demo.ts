import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExitStatus } from '../exit-codes.js';
import { say } from '../output.js';

const DEMO_PASSPHRASE = 'demo passphrase - never use this one';

/** A small DevOps tree: app config, a CI workflow, an empty folder, a symlink, a binary. */
function sampleTree(root: string): void {
  mkdirSync(join(root, '.github/workflows'), { recursive: true });
  mkdirSync(join(root, 'config/env'), { recursive: true });
  mkdirSync(join(root, 'logs'));
  writeFileSync(join(root, '.github/workflows/deploy.yml'), 'on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps: [{ run: make deploy }]\n');
  writeFileSync(join(root, 'config/app.yaml'), 'replicas: 3\ndatabase: postgres://db.internal/app\n');
  writeFileSync(join(root, 'config/env/prod.env'), 'LOG_LEVEL=info\n');
  writeFileSync(join(root, 'config/blob.bin'), Buffer.alloc(2_000_000, 7));
  symlinkSync('config/app.yaml', join(root, 'current-config'));
}

/**
 * `bulkhead demo`: the whole job on the embedded default, a local immutable vault, by running the
 * real commands a newcomer would type, each printed before it runs.
 */
export function runDemo(opts: { dir?: string }): void {
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'bulkhead-demo-'));
  mkdirSync(dir, { recursive: true });
  const env = { ...process.env, BULKHEAD_PASSPHRASE: DEMO_PASSPHRASE, BULKHEAD_CACHE_DIR: join(dir, 'cache') };
  const store = `file://${join(dir, 'vault')}`;
  const src = join(dir, 'sample');
  sampleTree(src);
  const run = (...args: string[]) => {
    say(`\n$ bulkhead ${args.map((a) => (/[\s"';]/.test(a) ? `'${a}'` : a)).join(' ')}`);
    const r = spawnSync(process.execPath, [process.argv[1]!, ...args], { env, stdio: 'inherit', cwd: dir });
    if (r.status !== 0) throw new ExitStatus(r.status ?? 1, `the demo step "bulkhead ${args[0]}" failed (exit ${r.status})`);
  };
  say(`Demo folder: ${dir} (passphrase for this demo only: BULKHEAD_PASSPHRASE="${DEMO_PASSPHRASE}")`);
  run('keys', 'init', '--out', 'identity.json');
  run('vault', 'init', '--store', store, '--identity', 'identity.json', '--retention-days', '30');
  run('vault', 'enroll', '--store', store, '--identity', 'identity.json', '--label', 'demo-agent', '--out', 'writer.json');
  run('backup', '--store', store, '--writer', 'writer.json', '--source', `app=dir:${src}`, '--source', 'db=stream:echo "-- pg_dump of app"; seq 1 1000');
  run('snapshots', '--store', store, '--identity', 'identity.json');
  run('ls', '--store', store, '--identity', 'identity.json', 'latest:app/config');
  run('restore', '--store', store, '--identity', 'identity.json', 'latest', '--target', 'restored');
  run('diff', '--store', store, '--identity', 'identity.json', 'latest', '--live');
  run('check', '--store', store, '--identity', 'identity.json', '--read-data');
  run('drill', 'run', 'config-loss', '--store', store, '--identity', 'identity.json', '--sandbox', 'drill-sandbox', '--containment-confirmed');
  say(`\nDone. The vault is ${store}; the restored copy is ${join(dir, 'restored')}.`);
  say('Now open the recovery console:  npx bulkhead console --web');
  say(`and in Vaults connect the folder ${join(dir, 'vault')} with the identity ${join(dir, 'identity.json')} (passphrase above).`);
}
