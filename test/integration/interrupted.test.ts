import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CliWorkspace } from '../helpers/cli.js';

const CLI = fileURLToPath(new URL('../../build/bin/bulkhead.mjs', import.meta.url));

const count = (dir: string) => (existsSync(dir) ? readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length : 0);

describe('a backup killed half-way', () => {
  it('leaves no snapshot, and the next backup succeeds and dedups what was uploaded', async () => {
    const ws = new CliWorkspace();
    ws.setup();
    const src = join(ws.dir, 'src');
    mkdirSync(src);
    for (let i = 0; i < 12; i++) writeFileSync(join(src, `part-${i}.bin`), randomBytes(12_000_000));
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

    const second = ws.json<{ bytesRead: number; bytesAdded: number }>(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', 'dir:src']);
    expect(second.bytesRead).toBe(total);
    expect(second.bytesAdded).toBeLessThan(total * 0.8);
    const snaps = ws.json<{ snapshots: unknown[] }>(ws.operator('snapshots')).snapshots;
    expect(snaps).toHaveLength(1);
    const restore = ws.run(ws.operator('restore', 'latest:src', '--target', 'out'));
    expect(restore.code).toBe(0);
    expect(readdirSync(join(ws.dir, 'out'))).toHaveLength(12);
  });
});
