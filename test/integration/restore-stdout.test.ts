import { describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, CliWorkspace } from '../helpers/cli.js';
import { EXIT } from '../helpers/cli-errors.js';
import { makeRepo } from '../helpers/git.js';

/** The bundled CLI with stdout kept as bytes (a dump is binary), as a pipe into psql reads it. */
function piped(ws: CliWorkspace, args: string[]): Promise<{ code: number; stdout: Buffer; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ws.dir, env: ws.env });
    const out: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout: Buffer.concat(out), stderr }));
  });
}

describe('restore --target -: one file, or a stream source\'s output, on standard output', async () => {
  const ws = new CliWorkspace();
  await ws.setupQuick();
  const op = ['--store', ws.store, '--identity', 'id.json'];
  const dump = randomBytes(3_000_000);
  writeFileSync(join(ws.dir, 'dump.bin'), dump);
  mkdirSync(join(ws.dir, 'etc', 'app'), { recursive: true });
  writeFileSync(join(ws.dir, 'etc', 'app', 'app.env'), 'KEY=1\n');
  writeFileSync(join(ws.dir, 'etc', 'app', 'motd'), 'hello\n\x1b]0;PWNED\x07\x1b[2Jhidden\n'); // retitles and clears a terminal
  makeRepo(join(ws.dir, 'repo'), 3);
  await ws.hereOk(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', 'etc=dir:etc', '--source', 'db=stream:cat dump.bin', '--source', 'repo=git:repo']);

  it('writes a stream source byte for byte, verified, and says what it wrote on stderr', async () => {
    const r = await piped(ws, ['restore', 'latest:db', '--target', '-', ...op]);
    expect([r.code, Buffer.compare(r.stdout, dump)]).toEqual([0, 0]);
    expect(r.stderr).toMatch(/^Wrote 2\.86 MiB of snapshot [0-9a-f]{16}:\/db to standard output; every blob verified\n$/);
    expect(readdirSync(ws.dir)).not.toContain('-'); // not a folder named "-"
  });

  it('writes one file of a folder source; a dry run says what it would write', async () => {
    expect((await ws.hereOk(['restore', 'latest:etc/app/app.env', '--target', '-', ...op])).stdout).toBe('KEY=1\n');
    const dry = await ws.hereOk(['restore', 'latest:etc/app/app.env', '--target', '-', '--dry-run', ...op]);
    expect(dry.stdout).toMatch(/^Plan: write 6 B of snapshot [0-9a-f]{16}:\/etc\/app\/app\.env to standard output\. Nothing was written \(dry run\)\.\n$/);
  });

  it('to a terminal, the writer\'s control sequences are shown escaped; to a pipe, the bytes as they are', async () => {
    const args = ['restore', 'latest:etc/app/motd', '--target', '-', ...op];
    // util-linux's script(1) gives the CLI a real terminal (a pty) for its standard output.
    const tty = spawnSync('script', ['-qec', [process.execPath, CLI, ...args].join(' '), '/dev/null'], { cwd: ws.dir, env: ws.env, encoding: 'utf8' });
    expect(tty.status).toBe(0);
    expect(tty.stdout).toContain('hello\r\n\\e]0;PWNED\\x07\\e[2Jhidden\r\n');
    expect(tty.stdout).not.toContain('\x1b');
    expect(tty.stdout).toMatch(/a terminal: control characters are shown escaped/);
    expect((await piped(ws, args)).stdout.toString()).toBe('hello\n\x1b]0;PWNED\x07\x1b[2Jhidden\n');
  });

  it('refuses a folder, a repository, a failed source and flags that do not go with it, writing nothing', async () => {
    const cases: [string[], number, RegExp][] = [
      [['latest:etc'], EXIT.USAGE, /etc is a folder: standard output \(--target -\) takes one file/],
      [['latest:repo'], EXIT.USAGE, /repo is a git repository: restore it into a folder or a repository/],
      [['latest'], EXIT.USAGE, /takes one file: name it as SNAPSHOT:SOURCE\/PATH/],
      [['latest:etc/app/app.env', '--overwrite'], EXIT.USAGE, /does not go with --overwrite/],
      [['latest:etc/app/app.env', '--json'], EXIT.USAGE, /does not go with --json/],
    ];
    for (const [args, code, message] of cases) {
      const r = await ws.here(['restore', ...args, '--target', '-', ...op]);
      expect([r.code, r.stdout, r.stderr], args.join(' ')).toEqual([code, '', expect.stringMatching(message)]);
    }
    const failed = await ws.here(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', 'etc=dir:etc', '--source', 'db=stream:exit 3', '--json']);
    const id = (JSON.parse(failed.stdout) as { snapshot: string }).snapshot;
    const r = await ws.here(['restore', `${id}:db`, '--target', '-', ...op]);
    expect([r.code, r.stdout]).toEqual([EXIT.SOURCE_FAILED, '']);
    expect(r.stderr).toMatch(/the backup of db failed in snapshot [0-9a-f]{16} \(.*exited with code 3.*\): it holds nothing to write/);
  });

  it('a pack damaged in the vault: exits non-zero saying the output is incomplete', async () => {
    const data = join(ws.dir, 'vault', 'data');
    for (const dir of readdirSync(data)) {
      for (const pack of readdirSync(join(data, dir))) {
        const file = join(data, dir, pack);
        const bytes = readFileSync(file);
        bytes[Math.floor(bytes.length / 2)]! ^= 0xff;
        chmodSync(file, statSync(file).mode | 0o200);
        writeFileSync(file, bytes);
      }
    }
    const r = await piped(ws, ['restore', 'latest:db', '--target', '-', ...op]);
    expect(r.code).toBe(EXIT.VERIFY_FAILED);
    expect(r.stderr).toMatch(/db: a blob could not be read or verified after \d+ bytes were written: the output is incomplete/);
    expect(r.stdout.length).toBeLessThan(dump.length);
  });
});
