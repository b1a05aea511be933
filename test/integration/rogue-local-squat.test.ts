import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readFileSync, rmdirSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliWorkspace } from '../helpers/cli.js';

const cfg = (n: number) => `config/${String(n).padStart(8, '0')}`;
type Findings = { findings: { code: string; message: string; keys?: string[] }[] };

async function workspace(): Promise<{ ws: CliWorkspace; vault: string; app: string }> {
  const ws = new CliWorkspace();
  await ws.setupQuick();
  const app = join(ws.dir, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'a.txt'), 'hello\n');
  return { ws, vault: ws.store.slice('file://'.length), app };
}

/** posture --json's findings (posture exits 1 with any). */
async function findings(ws: CliWorkspace): Promise<Findings['findings']> {
  const r = await ws.here(ws.operator('posture', '--json'));
  return (JSON.parse(r.stdout) as Findings).findings;
}

const writerId = (ws: CliWorkspace, file: string): string =>
  (JSON.parse(readFileSync(join(ws.dir, file), 'utf8')) as { enrollment: { writerId: string } }).enrollment.writerId;

/**
 * A local vault's agent can create any entry in the vault's folder (red team 5): folders, a FIFO
 * and a symlink at the next config numbers blocked `vault revoke` and `vault enroll` (R5-1); a
 * folder at the next config's retention file let the revocation land unlocked and be reported
 * failed (R5-1b); a file where another writer's folder goes (`index/<its id>`, its retention twin,
 * `data/<2 hex>`) failed that writer's every backup (R5-3). Each is forged here as the agent would.
 */
describe('a local vault\'s agent squatting the keys and folders others need', () => {
  it('folders, a FIFO and a symlink at the next config numbers: revoke and enroll land past them, say so, and posture names them', async () => {
    const { ws, vault, app } = await workspace();
    await ws.hereOk(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', `app=dir:${app}`]);
    for (let n = 3; n <= 40; n++) mkdirSync(join(vault, cfg(n)));
    execFileSync('mkfifo', [join(vault, cfg(41))]);
    symlinkSync('/nonexistent', join(vault, cfg(42)));
    mkdirSync(join(vault, cfg(43)));
    writeFileSync(join(vault, cfg(43), 'x'), 'x');

    const revoke = await ws.here(['vault', ...ws.operator('revoke', '--writer', 'ci')]);
    expect(revoke.code, revoke.stderr).toBe(0);
    expect(revoke.stderr).toContain(`${cfg(3)}, ${cfg(4)}, ${cfg(5)}, ${cfg(6)}, ${cfg(7)} and 36 more up to ${cfg(43)} are occupied`);
    const enroll = await ws.here(['vault', ...ws.operator('enroll', '--label', 'new', '--out', 'w2.json')]);
    expect(enroll.code, enroll.stderr).toBe(0);
    const writers = (await ws.hereOk(['vault', ...ws.operator('writers')])).stdout;
    expect(writers).toMatch(/ci .*revoked/);
    expect(writers).toMatch(/new .*active/);
    expect([44, 45].map((n) => lstatSync(join(vault, '.bulkhead/retention', cfg(n))).isFile())).toEqual([true, true]);

    const posture = { findings: await findings(ws) };
    const foreign = posture.findings.find((f) => f.code === 'foreign-objects')!;
    expect(foreign.message).toContain(`${cfg(3)} (a folder, not a file: Bulkhead never makes one at an object's key)`);
    // 38 folders, the FIFO, the symlink, the folder config/00000043 and the file in it
    expect(foreign.message).toMatch(/^42 foreign objects/);
  }, 120_000);

  it('folders at the next configs\' retention files: the revocation lands at a free number, locked', async () => {
    const { ws, vault } = await workspace();
    for (let n = 3; n <= 40; n++) mkdirSync(join(vault, '.bulkhead/retention', cfg(n)), { recursive: true });
    const revoke = await ws.here(['vault', ...ws.operator('revoke', '--writer', 'ci')]);
    expect(revoke.code, revoke.stderr).toBe(0);
    expect(revoke.stderr).toContain(`${cfg(3)}, ${cfg(4)}`);
    expect(existsSync(join(vault, cfg(3)))).toBe(false); // never linked in without its lock
    expect(lstatSync(join(vault, '.bulkhead/retention', cfg(41))).isFile()).toBe(true);
    expect((await ws.hereOk(['vault', ...ws.operator('writers')])).stdout).toMatch(/ci .*revoked/);
    const posture = { findings: await findings(ws) };
    expect(posture.findings.find((f) => f.code === 'unlocked-objects' || f.code === 'expired-locks')).toBeUndefined();
    expect(posture.findings.find((f) => f.code === 'foreign-objects')!.message).toContain(`${cfg(3)} (a folder at .bulkhead/retention/${cfg(3)}, where ${cfg(3)}'s retention file goes`);
  }, 120_000);

  it('a file where a new writer\'s folders or the shared pack folders go: there is already a folder, and its backups pass', async () => {
    const { ws, vault, app } = await workspace();
    for (let i = 0; i < 256; i++) expect(lstatSync(join(vault, 'data', i.toString(16).padStart(2, '0'))).isDirectory()).toBe(true);
    await ws.hereOk(['vault', ...ws.operator('enroll', '--label', 'second', '--out', 'w2.json')]);
    const w2 = writerId(ws, 'w2.json');
    for (const place of [`index/${w2}`, `.bulkhead/retention/index/${w2}`, 'data/00', '.bulkhead/retention/data/ff']) {
      expect(() => writeFileSync(join(vault, place), 'x')).toThrow(/EISDIR/);
    }
    await ws.hereOk(['backup', '--store', ws.store, '--writer', 'w2.json', '--source', `app2=dir:${app}`]);
  }, 120_000);

  it('such a file in a vault made before (the folder missing): posture names the writer it blocks and what to do; removed, the backup passes', async () => {
    const { ws, vault, app } = await workspace();
    await ws.hereOk(['vault', ...ws.operator('enroll', '--label', 'second', '--out', 'w2.json')]);
    const w2 = writerId(ws, 'w2.json');
    // as an older Bulkhead left it: no folder made for the writer; the agent's file in its place
    for (const folder of [`index/${w2}`, `.bulkhead/retention/index/${w2}`]) rmdirSync(join(vault, folder));
    const squat = join(vault, '.bulkhead/retention/index', w2);
    writeFileSync(squat, 'x');
    const failed = await ws.here(['backup', '--store', ws.store, '--writer', 'w2.json', '--source', `app2=dir:${app}`]);
    expect(failed.code).not.toBe(0);
    expect(failed.stderr).toContain(`the vault folder was tampered with at ${squat}: it is a file, not a folder`);

    const posture = { findings: await findings(ws) };
    const blocked = posture.findings.filter((f) => f.code === 'blocked-folder');
    expect(blocked.map((f) => f.message)).toEqual([
      `${squat} is a file where the vault needs a folder (index/${w2}/): every backup of writer "second" (${w2}) fails (TAMPERED); Bulkhead never makes one there (a hijacked agent of this vault can): remove it by hand (rm ${JSON.stringify(squat)}), then find out who made it`,
    ]);
    unlinkSync(squat);
    await ws.hereOk(['backup', '--store', ws.store, '--writer', 'w2.json', '--source', `app2=dir:${app}`]);
    expect((await findings(ws)).filter((f) => f.code === 'blocked-folder')).toEqual([]);
  }, 120_000);
});
