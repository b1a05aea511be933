import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { CliWorkspace } from '../helpers/cli.js';
import { makeRepo, sh, lfsWorkTree } from '../helpers/git.js';
import type { Listing } from '../../src/ops/browse/ls.js';
import type { DiffResult } from '../../src/ops/diff/diff.js';

interface BackupJson {
  snapshot: string;
  failed: { name: string; reason: string; keptData: boolean }[];
}

describe('one failing source does not drop the run', async () => {
  // An LFS server that refuses every request (what a repository's own .lfsconfig can point at).
  const refusing = createServer((_req, res) => res.writeHead(403, { 'content-type': 'application/vnd.git-lfs+json' }).end('{"message":"no"}'));
  await new Promise<void>((r) => refusing.listen(0, '127.0.0.1', r));
  afterAll(() => refusing.close());

  it('stops a stream command that prints nothing (a dump waiting on a lock), records it failed and keeps the others', async () => {
    const ws = new CliWorkspace();
    await ws.setupQuick();
    const docs = join(ws.dir, 'docs');
    mkdirSync(docs);
    writeFileSync(join(docs, 'a.txt'), 'kept\n');
    // Prints a line, then waits as pg_dump does on a lock someone holds; 0.01 minutes of silence is enough here.
    const stalled = 'db=stream:echo header; exec sleep 600';
    const r = await ws.here(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', stalled, '--source', `docs=dir:${docs}`, '--stream-idle-timeout', '0.01', '--json']);
    expect(r.code).toBe(3);
    const out = JSON.parse(r.stdout) as BackupJson;
    expect(out.failed).toEqual([{ name: 'db', reason: expect.stringMatching(/printed nothing for 0\.01 minutes and was stopped \(is it waiting on a lock\?\); nothing was recorded for it/), keptData: false }]);
    const root = await ws.hereJson<Listing>(ws.operator('ls', out.snapshot));
    expect(root.entries.map((e) => e.name)).toContain('docs');
    const usage = await ws.here(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', `docs=dir:${docs}`, '--stream-idle-timeout', 'soon']);
    expect([usage.code, usage.stderr]).toEqual([2, expect.stringContaining('--stream-idle-timeout takes minutes')]);
  });

  it('records an unreachable repository as failed, keeps the dir source, exits 3 and says what failed', async () => {
    const ws = new CliWorkspace();
    await ws.setupQuick();
    const docs = join(ws.dir, 'docs');
    mkdirSync(docs);
    writeFileSync(join(docs, 'a.txt'), 'kept\n');
    const r = await ws.here(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', `docs=dir:${docs}`, '--source', 'gone=git:git://127.0.0.1:1/nothing.git', '--json']);
    expect(r.code).toBe(3); // a source failed
    // Under --json the failures are in the summary; stderr holds the error alone, as JSON.
    expect(JSON.parse(r.stderr)).toEqual({ error: { code: 'SOURCE_FAILED', message: expect.stringMatching(/1 of 2 sources failed \(gone\)/) } });
    const out = JSON.parse(r.stdout) as BackupJson;
    expect(out.failed).toEqual([{ name: 'gone', reason: expect.stringMatching(/git ls-remote|git clone/), keptData: false }]);

    const root = await ws.hereJson<Listing>(ws.operator('ls', out.snapshot));
    expect(root.entries.map((e) => e.name)).toContain('docs');
    expect(root.failed).toEqual([expect.objectContaining({ name: 'gone', keptData: false })]);
    expect((await ws.hereOk(ws.operator('ls', out.snapshot))).stdout).toMatch(/gone: BACKUP FAILED/);
    // latest is this snapshot (the failed source is not "lost all its files"); docs restores, gone says why not.
    await ws.hereOk(ws.operator('restore', 'latest:docs', '--target', join(ws.dir, 'docs-back')));
    const gone = await ws.here(ws.operator('restore', 'latest:gone', '--target', join(ws.dir, 'gone-back')));
    expect(gone.code).toBe(3); // that source failed at backup
    expect(gone.stderr).toMatch(/the backup of gone failed in snapshot .*nothing of it is in this snapshot/);
    const diff = await ws.hereJson<DiffResult>(ws.operator('diff', out.snapshot, '--live'));
    expect(diff.sources.find((x) => x.name === 'gone')).toMatchObject({ status: 'failed', changes: [] });
    // A whole-snapshot restore writes docs, names gone (not an empty folder) and exits 4 (incomplete).
    const whole = await ws.here(ws.operator('restore', out.snapshot, '--target', join(ws.dir, 'all')));
    expect(whole.code).toBe(4);
    expect(whole.stderr).toMatch(/1 sources failed at backup and hold nothing in this snapshot \(gone\)/);
    expect(readFileSync(join(ws.dir, 'all/docs/a.txt'), 'utf8')).toBe('kept\n');
    expect(existsSync(join(ws.dir, 'all/gone'))).toBe(false);
    const posture = await ws.here([...ws.operator('posture'), '--json']);
    expect(posture.code).toBe(7); // a local folder is not immutable; the finding is in the report
    expect((JSON.parse(posture.stdout) as { findings: { code: string }[] }).findings.map((f) => f.code)).toContain('failed-source');
  });

  it('an LFS server that refuses fails that source but keeps its git data', async () => {
    const ws = new CliWorkspace();
    await ws.setupQuick();
    const work = join(ws.dir, 'work');
    makeRepo(work, 3);
    lfsWorkTree(work);
    writeFileSync(join(work, 'model.bin'), randomBytes(5000));
    writeFileSync(join(work, '.lfsconfig'), `[lfs]\n\turl = http://127.0.0.1:${(refusing.address() as AddressInfo).port}/lfs\n`);
    sh(work, 'add', '-A');
    sh(work, 'commit', '-q', '-m', 'model');
    const docs = join(ws.dir, 'docs');
    mkdirSync(docs);
    writeFileSync(join(docs, 'a.txt'), 'kept\n');
    // Awaited: the refusing server lives in this process, whose event loop a blocking call would hold.
    const r = await ws.here(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', `docs=dir:${docs}`, '--source', `ml=git:${work}`, '--json']);
    expect(r.code).toBe(3);
    const out = JSON.parse(r.stdout) as BackupJson;
    expect(out.failed).toEqual([{ name: 'ml', reason: expect.stringMatching(/LFS object/), keptData: true }]);
    const listed = await ws.hereJson<Listing>(ws.operator('ls', `${out.snapshot}:ml`));
    expect(listed.git!.refs['refs/heads/main']).toBe(sh(work, 'rev-parse', 'main'));
    // The repository restores (verified), and says up front that its backup failed.
    const restored = await ws.hereOk(ws.operator('restore', `${out.snapshot}:ml`, '--target', join(ws.dir, 'ml.git')));
    expect(restored.stdout).toMatch(/backup of ml failed .*repository data is kept/);
  });
});
