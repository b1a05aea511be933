import { spawn } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, CliWorkspace, type CliResult } from '../helpers/cli.js';
import { EXIT } from '../../src/cli/exit-codes.js';
import { parseSealedIdentity, unsealIdentity } from '../../src/keys/sealed-identity.js';
import { openVault } from '../../src/ops/open-vault.js';
import { browseRows } from '../../src/ops/browse/browse-rows.js';
import { planSelection } from '../../src/ops/restore/selection-plan.js';
import { runSelection } from '../../src/ops/restore/selection-restore.js';
import { FileStore } from '../../src/storage/file-store.js';
import { tempDir } from '../helpers/vault.js';

/**
 * An agent that runs as its own unprivileged user (as it should) cannot read everything under a
 * folder it backs up: a 0600 secret, a 0700 folder. Those entries are not in the snapshot. Before,
 * the backup printed a warning and exited 0, and nothing after it knew: posture was clean, a restore
 * said it restored everything, a drill passed. Now the snapshot records them (count and first paths).
 */
describe('entries the agent could not read', () => {
  // The agent as another user: root reads everything, so the test backs up as `nobody` when it is root.
  const root = process.getuid?.() === 0;
  const asAgent = (ws: CliWorkspace, args: string[]): Promise<CliResult> =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [CLI, ...args], { cwd: ws.dir, env: ws.env, ...(root && { uid: 65534, gid: 65534 }) });
      let [stdout, stderr] = ['', ''];
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    });

  it('are recorded in the snapshot; backup exits 3, posture, diff, restore and a drill name them', async () => {
    const ws = new CliWorkspace();
    await ws.setupQuick();
    const etc = join(ws.dir, 'etc');
    mkdirSync(join(etc, 'private'), { recursive: true });
    writeFileSync(join(etc, 'app.yaml'), 'replicas: 3\n');
    writeFileSync(join(etc, 'secret.yaml'), 'token: s3cr3t\n');
    writeFileSync(join(etc, 'private', 'key.pem'), 'KEY\n');
    chmodSync(join(etc, 'secret.yaml'), 0o600);
    chmodSync(join(etc, 'private'), 0o700);
    if (root) {
      // Only the vault, the agent's cache and its credential are the agent's; the folder stays root's.
      for (const p of [ws.dir, etc]) chmodSync(p, 0o755);
      for (let p = dirname(ws.dir); p !== dirname(p); p = dirname(p)) chmodSync(p, statSync(p).mode | 0o001); // the test's temp folders: passable
      mkdirSync(join(ws.dir, 'cache'));
      for (const p of ['vault', 'cache', 'writer.json']) chownTree(join(ws.dir, p));
    }

    const backup = await asAgent(ws, ['backup', '--store', ws.store, '--writer', 'writer.json', '--source', `cfg=dir:${etc}`, '--json']);
    expect(backup.code, backup.stderr).toBe(EXIT.SOURCE_FAILED);
    const summary = JSON.parse(backup.stdout) as { snapshot: string; unread: { name: string; count: number; first: { path: string; reason: string }[] }[] };
    expect(summary.unread).toEqual([{ name: 'cfg', count: 2, first: [{ path: 'private', reason: 'permission denied' }, { path: 'secret.yaml', reason: 'permission denied' }] }]);
    expect(JSON.parse(backup.stderr.trim().split('\n').at(-1)!)).toMatchObject({ error: { code: 'SOURCE_INCOMPLETE', message: expect.stringContaining('cfg (2 entries)') } });

    expect((await ws.hereOk(ws.operator('snapshots'))).stdout).toContain('cfg(dir, 2 UNREAD)');
    const posture = await ws.here(ws.operator('posture', '--json'));
    const findings = (JSON.parse(posture.stdout) as { findings: { code: string; message: string }[] }).findings;
    expect(findings.find((f) => f.code === 'incomplete-source')?.message).toMatch(/2 entries of cfg could not be read at backup .*private \(permission denied\), secret\.yaml \(permission denied\)/);

    const diff = await ws.hereJson<{ sources: { note?: string; changes: { path: string; type: string }[] }[] }>(ws.operator('diff', 'latest:cfg', '--live'));
    expect(diff.sources[0]!.note).toMatch(/2 entries could not be read at the backup of snapshot/);

    const restore = await ws.here(ws.operator('restore', 'latest:cfg', '--target', join(ws.dir, 'out')));
    expect(restore.code).toBe(EXIT.RESTORE_INCOMPLETE);
    expect(restore.stderr).toContain('not restored: cfg/secret.yaml: could not be read at backup (permission denied): not in this snapshot');
    // One file restores on its own, whole: nothing it lacks is in its scope.
    const one = await ws.here(ws.operator('restore', 'latest:cfg/app.yaml', '--target', join(ws.dir, 'one')));
    expect(one.code, one.stderr).toBe(EXIT.OK);

    // The console's Browse names it on the source's row.
    const sealed = parseSealedIdentity(JSON.parse(readFileSync(join(ws.dir, 'id.json'), 'utf8')), 'id.json');
    const reader = await openVault(await FileStore.open(join(ws.dir, 'vault')), await unsealIdentity(sealed, Buffer.from(ws.env.BULKHEAD_PASSPHRASE!), 'id.json'), tempDir());
    expect((await browseRows(reader, 'latest', '')).rows.map((r) => r.detail)).toEqual(['dir: 2 entries could not be read at backup (private: permission denied, …)']);
    // The console's plan says so before the operator confirms; its run verifies what it wrote and says what never was.
    const plan = await planSelection(reader, 'latest', ['cfg'], join(ws.dir, 'console-out'));
    expect(plan.items[0]!.leftOut).toEqual(['cfg/private: could not be read at backup (permission denied): not in this snapshot', 'cfg/secret.yaml: could not be read at backup (permission denied): not in this snapshot']);
    const ran = await runSelection(reader, plan);
    expect(ran.items[0]).toMatchObject({ ok: false, detail: '1 file re-read and re-hashed equal to the snapshot, but the backup could not read cfg/private (permission denied); cfg/secret.yaml (permission denied): never backed up, not restored' });
    reader.close();

    writeFileSync(join(ws.dir, 'cfg-loss.yaml'), 'name: cfg-loss\ndescription: the configs wiped\nlost:\n  kinds: [dir]\n  sources: [cfg]\ntargets:\n  rtoMinutes: 30\n  rpoHours: 24\n');
    const drill = await ws.here(['drill', 'run', './cfg-loss.yaml', '--store', ws.store, '--identity', 'id.json', '--sandbox', 'sandbox', '--json']);
    expect(drill.code, drill.stderr).toBe(EXIT.VERIFY_FAILED);
    const report = JSON.parse(drill.stdout) as { passed: boolean; steps: { source: string; ok: boolean; detail: string }[] };
    expect(report.steps).toEqual([expect.objectContaining({ source: 'cfg', ok: false, detail: expect.stringMatching(/the backup could not read cfg\/private, cfg\/secret\.yaml: the snapshot does not hold them/) })]);
  });
});

function chownTree(path: string): void {
  chownSync(path, 65534, 65534);
  try {
    for (const name of readdirSync(path)) chownTree(join(path, name));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOTDIR') throw e;
  }
}
