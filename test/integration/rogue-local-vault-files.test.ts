import { describe, expect, it } from 'vitest';
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, CliWorkspace, type CliResult } from '../helpers/cli.js';
import { tempDir } from '../helpers/vault.js';

const SCENARIO = 'name: app-loss\ndescription: the app folder is lost\nlost:\n  kinds: [dir]\n  sources: [app]\ntargets:\n  rtoMinutes: 30\n  rpoHours: 24\n';
/** Each verb's own limit, well under the test's: a verb that hangs (as on a FIFO before) is killed and fails the test, not the run. */
const VERB_MS = 30_000;

/** The real CLI in its own process, killed past VERB_MS (code -1 then). */
function runWithin(ws: CliWorkspace, args: string[]): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ws.dir, env: ws.env, timeout: VERB_MS, killSignal: 'SIGKILL' });
    let [stdout, stderr] = ['', ''];
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/**
 * A local vault's agent can create any file in the vault's folder, not only objects: a FIFO at a
 * snapshot's key hung `snapshots`, posture, restore and check for ever (an open for reading waits
 * for a writer); a dangling symlink failed each (ENOENT from a stat through it), root or not; a
 * symlinked `drills/` made the operator's `drill run` write its report and retention file where the
 * agent chose. Each is now listed as what it is, set aside with the foreign objects, never opened,
 * named by posture; and no write goes through a symlinked folder.
 */
describe('files a local vault holds that Bulkhead never writes', () => {
  it('a FIFO, dangling symlinks and a symlinked drills/ stop no verb: posture names each, drill run refuses to write through the symlink', async () => {
    const ws = new CliWorkspace();
    await ws.setupQuick();
    const app = join(ws.dir, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'config.yaml'), 'replicas: 3\n');
    writeFileSync(join(ws.dir, 'scenario.yaml'), SCENARIO);
    await ws.hereOk(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', `app=dir:${app}`]);

    // the agent's side: entries in the vault's folder, nothing else
    const vault = ws.store.slice('file://'.length);
    const fifo = 'snapshots/20991231T000000Z-0123456789abcdef';
    const pack = `data/ab/ab${'0'.repeat(62)}`;
    const segment = `index/${'f'.repeat(64)}`;
    execFileSync('mkfifo', [join(vault, fifo)]);
    mkdirSync(join(vault, 'data/ab'), { recursive: true });
    symlinkSync('/nonexistent/pack', join(vault, pack));
    symlinkSync('/nonexistent/segment', join(vault, segment));
    const [outside, outside2] = [tempDir(), tempDir()];
    // vault init makes drills/ and its twin now (rogue-local-squat); an older vault has neither, or an agent allowed to may remove them empty
    for (const made of ['drills', '.bulkhead/retention/drills']) rmdirSync(join(vault, made));
    symlinkSync(outside, join(vault, 'drills'));
    symlinkSync(outside2, join(vault, '.bulkhead/retention/drills'));

    const snapshots = await runWithin(ws, ws.operator('snapshots', '--json'));
    expect(snapshots.code, snapshots.stderr).toBe(0);
    expect((JSON.parse(snapshots.stdout) as { snapshots: unknown[] }).snapshots).toHaveLength(1);

    const posture = await runWithin(ws, ws.operator('posture', '--json'));
    expect(posture.code, posture.stderr).not.toBe(-1);
    const findings = (JSON.parse(posture.stdout) as { findings: { code: string; message: string; keys?: string[] }[] }).findings;
    const foreign = findings.find((f) => f.code === 'foreign-objects')!;
    expect(foreign.keys).toEqual([pack, 'drills', segment, fifo]);
    for (const [key, what] of [[fifo, 'a FIFO'], [pack, 'a symlink'], [segment, 'a symlink'], ['drills', 'a symlink']]) {
      expect(foreign.message).toContain(`${key} (${what}, not a file: Bulkhead never writes one)`);
    }

    const target = join(ws.dir, 'restored');
    const restored = await runWithin(ws, ws.operator('restore', 'latest:app', '--target', target));
    expect(restored.code, restored.stderr).toBe(0);
    expect(readFileSync(join(target, 'config.yaml'), 'utf8')).toBe('replicas: 3\n');

    const check = await runWithin(ws, ws.operator('check'));
    expect(check.code, check.stderr).toBe(0);

    const drill = await runWithin(ws, ['drill', 'run', './scenario.yaml', '--store', ws.store, '--identity', 'id.json', '--sandbox', 'sandbox']);
    expect(drill.code, drill.stderr).not.toBe(0);
    expect(drill.code).not.toBe(-1);
    expect(drill.stderr).toMatch(new RegExp(`the vault folder was tampered with at ${join(vault, 'drills')}: it is a symlink, not a folder`));
    expect([readdirSync(outside), readdirSync(outside2)]).toEqual([[], []]);
  }, 240_000);
});
