import { describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliWorkspace } from '../helpers/cli.js';

// --help, a usage error and a wrong passphrase run the bundled CLI as a process (its own exit status and
// stderr, no stack trace); the other cases run the same main() in this process (CliWorkspace.here*:
// bin.ts only sets process.exitCode from main()'s result), without a Node start each.
describe('bulkhead CLI: clear errors, right exit codes', async () => {
  const ws = new CliWorkspace();
  await ws.setupQuick();
  mkdirSync(join(ws.dir, 'src'));
  writeFileSync(join(ws.dir, 'src', 'a.txt'), 'hello');
  await ws.hereOk(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', 'dir:src']);

  it('prints help and exits 0', () => {
    const r = ws.run(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('restore');
  });

  it('exits 2 on usage errors', async () => {
    expect(ws.run(['restore']).code).toBe(2);
    expect((await ws.here(['backup', '--store', ws.store, '--writer', 'writer.json'])).code).toBe(2);
    expect((await ws.here(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', 'nope'])).code).toBe(2);
  });

  it('says the passphrase is wrong, exit 12, no stack trace', () => {
    const r = ws.run(ws.operator('snapshots'), { env: { ...ws.env, BULKHEAD_PASSPHRASE: 'not it' } });
    expect(r.code).toBe(12);
    expect(r.stderr).toMatch(/passphrase is wrong/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a writer credential cannot read what it wrote', async () => {
    for (const args of [
      ['ls', '--store', ws.store, '--identity', 'writer.json', 'latest'],
      ['restore', '--store', ws.store, '--identity', 'writer.json', 'latest', '--target', 'out'],
      ['diff', '--store', ws.store, '--identity', 'writer.json', 'latest', '--live'],
      ['ls', '--store', ws.store, 'latest'],
    ]) {
      const r = await ws.here(args);
      expect(r.code, args.join(' ')).toBe(12);
      expect(r.stderr).toMatch(/writer|recovery identity/);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('names a missing vault and how to create one', async () => {
    const r = await ws.here(['snapshots', '--store', `file://${join(ws.dir, 'nowhere')}`, '--identity', 'id.json']);
    expect(r.code).toBe(10);
    expect(r.stderr).toMatch(/no Bulkhead vault at .*nowhere.*vault init/);
  });

  it('says a wrong passphrase first, before a vault that is not there (the store opens beside the unlock)', async () => {
    const r = await ws.here(['snapshots', '--store', `file://${join(ws.dir, 'nowhere')}`, '--identity', 'id.json'], { BULKHEAD_PASSPHRASE: 'not it' });
    expect(r.code).toBe(12);
    expect(r.stderr).toMatch(/passphrase is wrong/);
    expect(r.stderr).not.toMatch(/no Bulkhead vault/);
  });

  it('refuses to create a second vault in the same place and to overwrite an identity', async () => {
    expect((await ws.here(['vault', 'init', '--store', ws.store, '--identity', 'id.json'])).stderr).toMatch(/already holds a vault/);
    const r = await ws.here(['keys', 'init', '--out', 'id.json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/never overwritten/);
  });

  it('reports a failing stream command and records no snapshot', async () => {
    const before = (await ws.hereJson<{ snapshots: unknown[] }>(ws.operator('snapshots'))).snapshots.length;
    const r = await ws.here(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', 'db=stream:echo partial; echo boom >&2; exit 3']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/stream source "db".*exited with code 3.*boom/);
    expect((await ws.hereJson<{ snapshots: unknown[] }>(ws.operator('snapshots'))).snapshots.length).toBe(before);
  });

  it('refuses a non-empty restore target without --overwrite', async () => {
    mkdirSync(join(ws.dir, 'busy'));
    writeFileSync(join(ws.dir, 'busy', 'x'), 'x');
    const r = await ws.here(ws.operator('restore', 'latest', '--target', 'busy'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/not empty.*--overwrite/);
  });
});
