import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliWorkspace } from './cli.js';
import { makeRepo } from './git.js';

export const PASSPHRASE = 'a test passphrase';

/**
 * How the fixture's CLI runs go: 'spawn', a `bulkhead` process each (~0.75 CPU s a backup here, most
 * of it Node and the bundle loading); 'here', through main() in the test's process (CliWorkspace.here),
 * which first loads the CLI's modules into it (~1 CPU s in the worker, and their transform by vitest
 * once per run): worth it for a file that runs the CLI three times or more. For e2e files, whose
 * console is a process of its own (nothing of these runs is shared with it).
 */
export type FixtureCli = 'spawn' | 'here';

/**
 * A vault as an operator finds it: a config tree and a git repository with pipelines, backed up
 * twice by the real CLI; the second time after an "agent" deleted most of the config tree.
 */
export async function consoleVault(store?: string, env: NodeJS.ProcessEnv = {}, cli: FixtureCli = 'spawn'): Promise<{ ws: CliWorkspace; tree: string; repo: string }> {
  const ws = new CliWorkspace(store, { BULKHEAD_PASSPHRASE: PASSPHRASE, ...env });
  const ok = (args: string[]) => (cli === 'here' ? ws.hereOk(args) : ws.okAsync(args));
  // The identity sealed at the test-only scrypt cost (every unlock, CLI and console, ~7 ms of CPU, not
  // ~240); the vault made and its writer enrolled in-process (setupQuick).
  await ws.setupQuick(...(store?.startsWith('s3://') ? ['--create-bucket', '--retention-days', '1'] : []));
  const tree = join(ws.dir, 'infra');
  mkdirSync(join(tree, 'k8s'), { recursive: true });
  mkdirSync(join(tree, 'terraform'), { recursive: true });
  writeFileSync(join(tree, 'k8s/deploy.yaml'), 'apiVersion: apps/v1\nkind: Deployment\nspec:\n  replicas: 3\n');
  writeFileSync(join(tree, 'terraform/main.tf'), 'resource "aws_s3_bucket" "b" {}\n');
  for (let i = 0; i < 8; i++) writeFileSync(join(tree, `k8s/service-${i}.yaml`), `kind: Service\nname: s${i}\n`);
  const repo = join(ws.dir, 'api-service');
  mkdirSync(repo);
  makeRepo(repo, 3);
  const backup = () => ok(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', `infra=dir:${tree}`, '--source', `api=git:${repo}`]);
  await backup();
  for (let i = 0; i < 8; i++) rmSync(join(tree, `k8s/service-${i}.yaml`));
  await backup();
  return { ws, tree, repo };
}
