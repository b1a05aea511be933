import { describe, expect, it } from 'vitest';
import { chmodSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { CliWorkspace } from '../helpers/cli.js';
import { EXIT, expectFailure, jsonError, runMain, USAGE_CASES } from '../helpers/cli-errors.js';

// Every verb ends with the exit code of docs/cli.md for its case, and under --json says why as
// {"error":{"code","message"}} on the last line of stderr. Each exit code is seen once from the
// bundled CLI run as a user would (ws.run: the process's own exit status); the other cases run the
// same main() in this process (ws.here, runMain: bin.ts only sets process.exitCode from main()'s
// result), which saves a Node start and the bundle's loading (~0.3 CPU s) per case.

describe('exit codes and JSON errors, per verb', async () => {
  const ws = new CliWorkspace();
  await ws.setupQuick();
  /** VERB… SUB --store --identity: the operator options after the subcommand. */
  const op = (...words: string[]) => [...words, '--store', ws.store, '--identity', 'id.json'];
  const src = join(ws.dir, 'src');
  mkdirSync(src);
  writeFileSync(join(src, 'a.bin'), randomBytes(400_000));
  writeFileSync(join(src, 'b.bin'), randomBytes(400_000));
  await ws.hereOk(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', 'dir:src']);

  it('usage (2): every verb, with a JSON error under --json and commander\'s text left out', async () => {
    // In this process (main() itself, as bin.ts runs it): each case is decided from its arguments alone.
    for (const args of USAGE_CASES) {
      const r = await runMain([...args, '--json']);
      expectFailure(r, EXIT.USAGE, 'USAGE');
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stdout, args.join(' ')).toBe('');
    }
    // And the bundled binary ends the same way: a commander error, an unknown verb, one the verb's action raises.
    const store = 'file:///nonexistent/vault';
    const real = await Promise.all([['restore-gitlab', '--store', store], ['nosuch-verb'], ['backup', '--store', store, '--writer', 'w.json']].map((args) => ws.runAsync([...args, '--json'])));
    for (const r of real) {
      expectFailure(r, EXIT.USAGE, 'USAGE');
      expect([r.stderr.trim().split('\n').length, r.stdout]).toEqual([1, '']);
    }
    const text = ws.run(['restore']);
    expect(text.code).toBe(EXIT.USAGE);
    expect(text.stderr).toMatch(/^error: missing required argument|required option/);
  });

  it('wrong passphrase (12), in text and in JSON', async () => {
    const env = { ...ws.env, BULKHEAD_PASSPHRASE: 'not it' };
    for (const args of [ws.operator('snapshots'), ws.operator('ls', 'latest'), ws.operator('restore', 'latest', '--target', 'out'), ws.operator('check'), ['keys', 'passwd', '--identity', 'id.json']]) {
      expectFailure(await ws.here([...args, '--json'], env), EXIT.WRONG_KEY, 'WRONG_PASSPHRASE', /passphrase is wrong/);
    }
    const text = ws.run(ws.operator('snapshots'), { env });
    expect([text.code, text.stderr]).toEqual([EXIT.WRONG_KEY, expect.stringMatching(/^bulkhead: .*passphrase is wrong/)]);
  });

  it('the wrong key file (12): a writer credential where the identity is needed, no identity, shares of another identity', async () => {
    expectFailure(await ws.here(['ls', '--store', ws.store, '--identity', 'writer.json', 'latest', '--json']), EXIT.WRONG_KEY, 'NEEDS_IDENTITY', /writer credential/);
    expectFailure(await ws.here(['diff', '--store', ws.store, 'latest', '--live', '--json']), EXIT.WRONG_KEY, 'NEEDS_IDENTITY');
    expectFailure(await ws.here(['backup', '--store', ws.store, '--writer', 'id.json', '--source', 'dir:src', '--json']), EXIT.WRONG_KEY, 'BAD_WRITER');
    await ws.hereOk(['keys', 'split', '--identity', 'id.json', '--threshold', '2', '--shares', '2', '--out-dir', 'shares']);
    await ws.quickIdentity('other.json');
    const share = join('shares', readdirSync(join(ws.dir, 'shares')).find((f) => f.endsWith('.txt'))!);
    expectFailure(await ws.here(['keys', 'verify-share', share, '--identity', 'other.json', '--json']), EXIT.WRONG_KEY, 'BAD_IDENTITY', /another identity/);
    const ok = await ws.hereJson<{ valid: boolean; threshold: number }>(['keys', 'verify-share', share, '--identity', 'id.json']);
    expect(ok).toMatchObject({ valid: true, index: 1, total: 2, threshold: 2 });
  });

  it('no vault (10)', async () => {
    expectFailure(await ws.here(['snapshots', '--store', `file://${join(ws.dir, 'nowhere')}`, '--identity', 'id.json', '--json']), EXIT.NO_VAULT, 'NO_VAULT', /vault init/);
    expect(ws.run(['posture', '--store', `file://${join(ws.dir, 'nowhere')}`]).code).toBe(EXIT.NO_VAULT);
  });

  it('other failures (1): a missing file, an identity never overwritten', async () => {
    expectFailure(ws.run(['keys', 'show', '--identity', 'missing.json', '--json']), EXIT.FAILURE, 'NOT_FOUND');
    expectFailure(await ws.here(['keys', 'init', '--out', 'id.json', '--json']), EXIT.FAILURE, 'EXISTS', /never overwritten/);
    expectFailure(await ws.here([...ws.operator('ls', 'ffffffffffff'), '--json']), EXIT.FAILURE, 'NOT_FOUND');
    // A forge restore of a source that is not of its forge: refused before any request, with the token set.
    for (const [verb, forge] of [['restore-github', 'GitHub'], ['restore-gitlab', 'GitLab']]) {
      const env = { ...ws.env, GITHUB_RESTORE_TOKEN: 'never-sent', GITLAB_RESTORE_TOKEN: 'never-sent' };
      expectFailure(await ws.here([...ws.operator(verb!, 'latest:src'), '--json'], env), EXIT.FAILURE, 'NOT_FOUND', new RegExp(`no ${forge} source named "src"`));
    }
  });

  it('backup (3): one source failed, the snapshot keeps the others, the summary on stdout and only the JSON error on stderr', async () => {
    const r = await ws.here(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', 'dir:src', '--source', 'db=stream:echo boom >&2; exit 3', '--json']);
    expectFailure(r, EXIT.SOURCE_FAILED, 'SOURCE_FAILED', /1 of 2 sources failed \(db\)/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect((JSON.parse(r.stdout) as { failed: { name: string }[] }).failed.map((f) => f.name)).toEqual(['db']);
    const all = ws.run(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', 'db=stream:exit 4']);
    expect([all.code, all.stderr]).toEqual([EXIT.SOURCE_FAILED, expect.stringMatching(/every source failed .*no snapshot was recorded/)]);
  });

  it('posture (7): a local folder is not immutable; the report is still on stdout', () => {
    const r = ws.run(['posture', '--store', ws.store, '--json']);
    expectFailure(r, EXIT.NOT_IMMUTABLE, 'IMMUTABLE', /not immutable/);
    expect((JSON.parse(r.stdout) as { immutable: boolean }).immutable).toBe(false);
  });

  it('drills (5): a failed drill, and a report that was edited', async () => {
    writeFileSync(join(ws.dir, 'ghost.yaml'), 'name: ghost\ndescription: a source that was never backed up\nlost:\n  kinds: [dir]\n  sources: [ghost]\ntargets:\n  rtoMinutes: 30\n  rpoHours: 24\n');
    mkdirSync(join(ws.dir, 'reports'));
    const run = await ws.here([...op('drill', 'run', './ghost.yaml'), '--sandbox', 'sandbox', '--report-dir', 'reports', '--json']);
    expectFailure(run, EXIT.VERIFY_FAILED, 'CHECK_FAILED', /the drill failed/);
    expect((JSON.parse(run.stdout) as { passed: boolean }).passed).toBe(false);
    const report = join('reports', readdirSync(join(ws.dir, 'reports')).find((f) => f.endsWith('.json'))!);
    const verified = await ws.hereJson<{ genuine: boolean; passed: boolean }>(['drill', 'verify', report, '--store', ws.store]);
    expect(verified).toMatchObject({ genuine: true, passed: false, scenario: 'ghost' });
    writeFileSync(join(ws.dir, 'edited.json'), readFileSync(join(ws.dir, report), 'utf8').replace('"passed": false', '"passed": true'));
    expectFailure(ws.run(['drill', 'verify', 'edited.json', '--store', ws.store, '--json']), EXIT.VERIFY_FAILED, 'TAMPERED');
  });

  it('damage: check (5) names it, restore (4) puts back the rest', async () => {
    const packs = readdirSync(join(ws.dir, 'vault', 'data'), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name))
      .sort((a, b) => statSync(b).size - statSync(a).size);
    const biggest = packs[0]!;
    const bytes = readFileSync(biggest);
    bytes[bytes.length >> 1]! ^= 0xff;
    chmodSync(biggest, 0o644);
    writeFileSync(biggest, bytes);
    chmodSync(biggest, 0o444);
    const check = await ws.here([...ws.operator('check', '--read-data'), '--json']);
    expectFailure(check, EXIT.VERIFY_FAILED, 'CHECK_FAILED', /problem/);
    expect((JSON.parse(check.stdout) as { ok: boolean }).ok).toBe(false);
    const restore = await ws.here([...ws.operator('restore', 'latest:src', '--target', 'out'), '--json']);
    expectFailure(restore, EXIT.RESTORE_INCOMPLETE, 'RESTORE_INCOMPLETE', /restore incomplete/);
    expect((JSON.parse(restore.stdout) as { failures: unknown[] }).failures.length).toBeGreaterThan(0);
    expect(ws.run(ws.operator('restore', 'latest:src', '--target', 'out2')).code).toBe(EXIT.RESTORE_INCOMPLETE);
  });

  it('--json on the verbs that print data, recipients add and remove among them', async () => {
    const scenarios = await ws.hereJson<{ name: string }[]>(['drill', 'scenarios']);
    expect(scenarios.map((s) => s.name)).toContain('full-blast');
    const added = await ws.hereJson<{ recipient: string }>([...op('vault', 'recipients', 'add'), '--recipient', 'other.json', '--label', 'safe']);
    expect(added).toMatchObject({ label: 'safe', added: true, recipient: expect.any(String) });
    const removed = await ws.hereJson<object>([...op('vault', 'recipients', 'remove'), '--fingerprint', added.recipient]);
    expect(removed).toMatchObject({ recipient: added.recipient, removed: true });
    writeFileSync(join(ws.dir, 'notes.txt'), 'not an identity');
    expectFailure(await ws.here([...op('vault', 'recipients', 'add'), '--recipient', 'notes.txt', '--json']), EXIT.WRONG_KEY, 'BAD_IDENTITY', /not valid JSON/);
    const policy = await ws.hereJson<object>(['vault', 'policy', '--store', 's3://my-vault/prod']);
    expect(Object.keys(policy)).toContain('agent');
    const shares = readdirSync(join(ws.dir, 'shares')).filter((f) => f.endsWith('.txt')).map((f) => join('shares', f));
    const combined = await ws.hereJson<object>(['keys', 'combine', ...shares, '--out', 'rebuilt.json']);
    expect(combined).toMatchObject({ file: 'rebuilt.json', shares: 2, recipient: expect.any(String) });
    const passwd = await ws.here(['keys', 'passwd', '--identity', 'rebuilt.json', '--json'], { BULKHEAD_NEW_PASSPHRASE: 'another test passphrase' });
    expect([passwd.code, passwd.stderr]).toEqual([0, '']);
    expect(JSON.parse(passwd.stdout)).toMatchObject({ file: 'rebuilt.json', changed: true });
    expect(jsonError(await ws.here(['keys', 'show', '--identity', 'rebuilt.json', '--bogus', '--json'])).code).toBe('USAGE');
  });
});
