import { spawn, spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHEAP_KDF, tempDir } from './vault.js';
import { RecoveryIdentity } from '../../src/keys/identity.js';
import { sealIdentity } from '../../src/keys/sealed-identity.js';
import { FileStore } from '../../src/storage/file-store.js';
import { initVault } from '../../src/ops/vault-admin/init-vault.js';
import { enrollWriter } from '../../src/ops/vault-admin/enroll-writer.js';
import { systemClock } from '../../src/util/clock.js';
import { runInProcess } from './cli-in-process.js';

export const CLI = fileURLToPath(new URL('../../build/bin/bulkhead.mjs', import.meta.url));

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real `bulkhead` command as a user would, in its own cache and working folder. */
export class CliWorkspace {
  readonly dir = tempDir('bulkhead-cli-');
  readonly store: string;
  env: NodeJS.ProcessEnv = { ...process.env, BULKHEAD_PASSPHRASE: 'a test passphrase', BULKHEAD_CACHE_DIR: join(this.dir, 'cache') };

  /** A local vault by default; give an s3:// URL (and its credentials in env) for S3. */
  constructor(store?: string, env: NodeJS.ProcessEnv = {}) {
    this.store = store ?? `file://${join(this.dir, 'vault')}`;
    Object.assign(this.env, env);
  }

  run(args: string[], options: SpawnSyncOptions = {}): CliResult {
    const r = spawnSync(process.execPath, [CLI, ...args], { cwd: this.dir, env: this.env, encoding: 'utf8', ...options });
    return { code: r.status ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
  }

  /**
   * The same without blocking the test worker: long runs of spawnSync starve vitest's worker RPC
   * ("Timeout calling onTaskUpdate") when the machine is busy. `timeoutMs`: killed past it (code -1).
   */
  runAsync(args: string[], timeoutMs?: number): Promise<CliResult> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [CLI, ...args], { cwd: this.dir, env: this.env, ...(timeoutMs && { timeout: timeoutMs }) });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    });
  }

  async okAsync(args: string[]): Promise<CliResult> {
    const r = await this.runAsync(args);
    if (r.code !== 0) throw new Error(`bulkhead ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
    return r;
  }

  /** The same run through main() in this process (test/helpers/cli-in-process.ts: when the process boundary is not the subject). */
  here(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
    return runInProcess(this.dir, { ...this.env, ...env }, args);
  }

  async hereOk(args: string[]): Promise<CliResult> {
    const r = await this.here(args);
    if (r.code !== 0) throw new Error(`bulkhead ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
    return r;
  }

  async hereJson<T>(args: string[]): Promise<T> {
    return JSON.parse((await this.hereOk([...args, '--json'])).stdout) as T;
  }

  /** Runs and insists on success, showing stderr when it fails. */
  ok(args: string[]): CliResult {
    const r = this.run(args);
    if (r.code !== 0) throw new Error(`bulkhead ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
    return r;
  }

  json<T>(args: string[]): T {
    return JSON.parse(this.ok([...args, '--json']).stdout) as T;
  }

  /** keys init, vault init, vault enroll: the usual start. */
  setup(...initFlags: string[]): void {
    this.ok(['keys', 'init', '--out', 'id.json', '--unlock-ms', '1']);
    this.ok(['vault', 'init', '--store', this.store, '--identity', 'id.json', ...initFlags]);
    this.ok(['vault', 'enroll', '--store', this.store, '--identity', 'id.json', '--label', 'ci', '--out', 'writer.json']);
  }

  /**
   * A recovery identity written to `file` as `keys init` writes it, but sealed in-process at the
   * test-only scrypt cost (CHEAP_KDF, through sealIdentity's cost parameter, as rogue-snapshots does):
   * `keys init`'s floor is N=2^15, ~240 ms of CPU at every unlock; this one unlocks in ~7 ms. For
   * files whose subject is not `keys init` (tested where it is).
   */
  async quickIdentity(file = 'id.json'): Promise<void> {
    (await this.#sealedIdentity(file)).wipe();
  }

  async #sealedIdentity(file: string): Promise<RecoveryIdentity> {
    const identity = RecoveryIdentity.generate();
    const sealed = await sealIdentity(identity, Buffer.from(this.env.BULKHEAD_PASSPHRASE!), CHEAP_KDF);
    writeFileSync(join(this.dir, file), JSON.stringify(sealed, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
    return identity;
  }

  /**
   * setup()'s result without its three processes (~0.5 s of CPU each, most of it Node loading the
   * CLI): quickIdentity(), then a local vault made and a writer enrolled by the functions `vault init`
   * and `vault enroll` call, with their defaults. Flags (an S3 --create-bucket) and S3 stores go
   * through the CLI's main() in this process (here: a spawned S3 run costs ~1 CPU s, most of it
   * Node loading the bundle and the AWS SDK). For files whose subject is not those verbs as a process.
   */
  async setupQuick(...initFlags: string[]): Promise<void> {
    const identity = await this.#sealedIdentity('id.json');
    try {
      if (this.store.startsWith('file://') && initFlags.length === 0) {
        const store = await FileStore.create(this.store.slice('file://'.length));
        await initVault({ store, identity, retentionDays: 30, clock: systemClock });
        const credential = await enrollWriter({ store, identity, label: 'ci', clock: systemClock });
        writeFileSync(join(this.dir, 'writer.json'), JSON.stringify(credential, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
      } else {
        await this.hereOk(['vault', 'init', '--store', this.store, '--identity', 'id.json', ...initFlags]);
        await this.hereOk(['vault', 'enroll', '--store', this.store, '--identity', 'id.json', '--label', 'ci', '--out', 'writer.json']);
      }
    } finally {
      identity.wipe();
    }
  }

  operator(verb: string, ...rest: string[]): string[] {
    return [verb, '--store', this.store, '--identity', 'id.json', ...rest];
  }
}
