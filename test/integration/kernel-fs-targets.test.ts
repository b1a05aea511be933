import { describe, expect, it } from 'vitest';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { CliWorkspace } from '../helpers/cli.js';

/**
 * Node's recursive mkdir loops forever under a kernel file system (mkdir /proc/a says ENOENT,
 * /proc exists, again): a restore or a drill aimed there spun a core until killed. The CLI (and
 * the console, through the same ops) refuses such a place before writing anything. The CLI runs
 * through main() in this process (CliWorkspace.here*): the refusal is the subject, not the process.
 */
describe('a restore target or drill sandbox on a kernel file system', async () => {
  const ws = new CliWorkspace();
  await ws.setupQuick();
  mkdirSync(join(ws.dir, 'cfg'));
  writeFileSync(join(ws.dir, 'cfg/app.yaml'), 'replicas: 3\n');
  await ws.hereOk(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', `cfg=dir:${join(ws.dir, 'cfg')}`]);

  it('restore --target /proc/… is refused with the file system named (exit 2), not a hang', async () => {
    const r = await ws.here(ws.operator('restore', 'latest:cfg', '--target', '/proc/bulkhead-test/restore'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('/proc/bulkhead-test/restore is on /proc, a proc file system of the kernel, not a disk: nothing can be written there; choose another target folder');
  });

  it('drill run --sandbox /sys/… and --report-dir /proc/… are refused before the drill runs', async () => {
    const drill = (...rest: string[]) => ['drill', 'run', 'config-loss', '--store', ws.store, '--identity', 'id.json', ...rest];
    const sandbox = await ws.here(drill('--sandbox', '/sys/bulkhead-drill'));
    expect(sandbox.code).toBe(2);
    expect(sandbox.stderr).toMatch(/\/sys\/bulkhead-drill is on \/sys, a sysfs file system .*choose another sandbox folder/);
    const report = await ws.here(drill('--sandbox', join(ws.dir, 'sandbox'), '--report-dir', '/proc/bulkhead-reports'));
    expect(report.code).toBe(2);
    expect(report.stderr).toMatch(/choose another report folder/);
    expect(readdirSync(join(fileURLToPath(ws.store), 'drills'))).toEqual([]); // no report was stored (the folder is made by vault init)
  });
});
