import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { randomFillSync } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CliWorkspace } from '../helpers/cli.js';

const CLI = fileURLToPath(new URL('../../build/bin/bulkhead.mjs', import.meta.url));

/** n files of 12 MB of fresh random bytes, written from one reused buffer (fresh 12 MB buffers cost their page faults each). */
function randomParts(dir: string, n: number): void {
  mkdirSync(dir);
  const buf = Buffer.allocUnsafe(12_000_000);
  for (let i = 0; i < n; i++) writeFileSync(join(dir, `part-${i}.bin`), randomFillSync(buf));
}

const count = (dir: string) => (existsSync(dir) ? readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length : 0);

describe('work killed half-way', () => {
  it('a backup leaves no snapshot, and the next backup succeeds and dedups what was uploaded', async () => {
    const ws = new CliWorkspace();
    await ws.setupQuick();
    const src = join(ws.dir, 'src');
    randomParts(src, 12);
    const total = 12 * 12_000_000;
    const vault = join(ws.dir, 'vault');
    const child = spawn(process.execPath, [CLI, 'backup', '--store', ws.store, '--writer', 'writer.json', '--source', 'dir:src'], { cwd: ws.dir, env: ws.env });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    while (count(join(vault, 'index')) === 0) {
      if (child.exitCode !== null) throw new Error('the backup finished before it could be killed');
      await new Promise((r) => setTimeout(r, 20));
    }
    child.kill('SIGKILL');
    await exited;
    expect(count(join(vault, 'snapshots'))).toBe(0);
    expect(count(join(vault, 'data'))).toBeGreaterThan(0);
    // Packs it was building stay staged as files (a local vault's packs are built in its scratch folder)…
    const staged = () => readdirSync(join(vault, '.bulkhead', 'tmp')).filter((n) => n.split('-')[2] === String(child.pid)); // pack-<host>-<pid>-…
    expect(staged().length).toBeGreaterThan(0);

    // What follows the kill runs through main() in this process: the killed process is the subject, not these.
    const second = await ws.hereJson<{ bytesRead: number; bytesAdded: number }>(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', 'dir:src']);
    expect(second.bytesRead).toBe(total);
    expect(second.bytesAdded).toBeLessThan(total * 0.8);
    expect(staged()).toEqual([]); // …until the next backup into the vault clears a dead process's
    const snaps = (await ws.hereJson<{ snapshots: unknown[] }>(ws.operator('snapshots'))).snapshots;
    expect(snaps).toHaveLength(1);
    const restore = await ws.here(ws.operator('restore', 'latest:src', '--target', 'out'));
    expect(restore.code).toBe(0);
    expect(readdirSync(join(ws.dir, 'out'))).toHaveLength(12);
  });

  it('a restore killed half-way leaves no target, and the next restore completes', async () => {
    const ws = new CliWorkspace();
    await ws.setupQuick();
    const src = join(ws.dir, 'src');
    randomParts(src, 8);
    await ws.hereOk(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', 'dir:src']);
    const target = join(ws.dir, 'out');
    const child = spawn(process.execPath, [CLI, ...ws.operator('restore', 'latest:src', '--target', target)], { cwd: ws.dir, env: ws.env });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const staging = () => readdirSync(ws.dir).find((n) => n.startsWith('.out.bulkhead-restore-'));
    while (!staging() || count(join(ws.dir, staging()!)) < 2) {
      if (child.exitCode !== null) throw new Error('the restore finished before it could be killed');
      await new Promise((r) => setTimeout(r, 10));
    }
    child.kill('SIGKILL');
    await exited;
    expect(existsSync(target)).toBe(false);
    await ws.hereOk(ws.operator('restore', 'latest:src', '--target', target));
    expect(readdirSync(target)).toHaveLength(8);
    expect(readdirSync(ws.dir).filter((n) => n.includes('bulkhead-restore'))).toEqual([]);
  });
});
