import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, statfsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliWorkspace } from '../helpers/cli.js';
import { makeRepo } from '../helpers/git.js';
import { tempDir } from '../helpers/vault.js';
import { RogueWriter } from '../helpers/rogue-tree.js';
import { FileStore } from '../../src/storage/file-store.js';
import { parseWriterCredential } from '../../src/keys/writer-credential.js';
import { createConsoleHost } from '../../src/host/console/console-host.js';
import { defaultHost } from '../../src/host/context.js';
import type { ApiResult } from '../../src/api/table.js';

interface Report {
  passed: boolean;
  stored: string;
  steps: { source: string; kind: string; writer?: string; ok: boolean; detail: string }[];
  reasons: string[];
}

/** A good agent's estate (a folder, a dump, a repository), and a second writer, "rogue", that a hijacker holds. */
async function estate(): Promise<{ ws: CliWorkspace; rogue: () => Promise<RogueWriter> }> {
  const ws = new CliWorkspace();
  await ws.setupQuick();
  await ws.hereOk(['vault', 'enroll', '--store', ws.store, '--identity', 'id.json', '--label', 'rogue', '--out', 'rogue.json']);
  mkdirSync(join(ws.dir, 'infra'));
  writeFileSync(join(ws.dir, 'infra/deploy.yaml'), 'replicas: 3\n');
  mkdirSync(join(ws.dir, 'api'));
  makeRepo(join(ws.dir, 'api'), 3);
  await ws.hereOk(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', `infra=dir:${join(ws.dir, 'infra')}`, '--source', 'db=stream:seq 1 300', '--source', `api=git:${join(ws.dir, 'api')}`]);
  const credential = parseWriterCredential(JSON.parse(readFileSync(join(ws.dir, 'rogue.json'), 'utf8')), 'rogue.json');
  return { ws, rogue: async () => RogueWriter.open(await FileStore.open(ws.store.slice('file://'.length)), credential) };
}

const drill = (ws: CliWorkspace, sandbox: string) => ws.here(['drill', 'run', 'full-blast', '--store', ws.store, '--identity', 'id.json', '--sandbox', sandbox, '--containment-confirmed', '--json']);

/**
 * One writer's sources must not fail a drill for everyone: a hijacked agent records sources it owns
 * as failed, empty, unreadable or damaged, or one so large (a stored chunk named thousands of times)
 * that restoring it first would fill the sandbox before the others' turn. The drill restores and
 * verifies every other source, names each broken one with its writer and why, and says the rest passed.
 */
describe("a hijacked writer's broken sources in a drill", () => {
  it('are each a failed step naming the writer and why, sources with no readable copy included; every other source is restored and verified', async () => {
    const { ws, rogue: open } = await estate();
    const rogue = await open();
    const empty = await rogue.tree([]);
    const file = await rogue.file('a.txt', 'hello\n');
    await rogue.snapshot([
      { name: 'ev-failed', root: empty, failed: { reason: 'it broke' } },
      { name: 'ev-notree', root: 'f'.repeat(64) },
      { name: 'ev-garbage', root: await rogue.json({ nope: 1 }) },
      { name: 'ev-git', kind: 'git', root: empty, manifest: await rogue.json({ garbage: true, refs: Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`r${i}`, 1])) }) },
      { name: 'ev-blobless', root: await rogue.tree([{ ...file, blobs: ['e'.repeat(64)] }]) },
    ]);

    const run = await drill(ws, 'sb');
    expect(run.code).toBe(5);
    const r = JSON.parse(run.stdout) as Report;
    expect(r.steps.map((s) => [s.source, s.kind, s.writer, s.ok])).toEqual([
      ['infra', 'dir', 'ci', true], ['db', 'stream', 'ci', true], ['api', 'git', 'ci', true],
      ['ev-blobless', 'dir', 'rogue', false], ['ev-failed', 'dir', 'rogue', false], ['ev-garbage', 'dir', 'rogue', false], ['ev-git', 'git', 'rogue', false], ['ev-notree', 'dir', 'rogue', false],
    ]);
    const detail = Object.fromEntries(r.steps.map((s) => [s.source, s.detail]));
    expect(detail['ev-notree']).toMatch(/no good snapshot holds it: the newest, [0-9a-f]{16} by writer "rogue", is anomalous for it \(ev-notree cannot be counted: tree ffffffffffff cannot be read/);
    expect(detail['ev-garbage']).toMatch(/cannot be read \(not a valid tree\)/);
    // A manifest that does not parse is one line, not zod's issue list (500 of them here).
    expect(detail['ev-git']).toMatch(/git manifest [0-9a-f]{12} is not a Bulkhead git manifest \(format: .*, and \d+ more problems\)\); nothing of it was restored$/);
    expect(detail['ev-git']!.length).toBeLessThan(400);
    expect(r.reasons.every((x) => /^ev-[a-z]+ \(writer "rogue"\): /.test(x))).toBe(true);
    expect(sandboxed(join(ws.dir, 'sb'))).toEqual(['folders/ev-blobless', 'folders/infra', 'repositories/api.git', 'streams/db']); // ev-blobless: what is not damaged

    const text = await ws.here(['drill', 'run', 'full-blast', '--store', ws.store, '--identity', 'id.json', '--sandbox', 'sb2', '--containment-confirmed']);
    expect(text.stdout).toMatch(/^Disaster-recovery drill "full-blast": FAILED\nSources: 5 of 8 sources failed: .* \(writer "rogue"\); the other 3 restored and verified\n/);
    expect(text.stdout).toMatch(/ {2}FAIL ev-notree \(dir, writer "rogue", /);
    expect(text.stderr).toMatch(/the drill failed \(5 reasons\): 5 of 8 sources failed: ev-blobless, ev-failed, ev-garbage, ev-git, ev-notree \(writer "rogue"\); the other 3 restored and verified; its report is stored as drills\//);
    expect((await ws.hereOk(['drill', 'verify', r.stored, '--store', ws.store])).stdout).toMatch(/genuine/);

    // The console's history says the same of the stored report.
    const dir = tempDir('bulkhead-console-');
    const core = createConsoleHost({ ...defaultHost(), cacheRoot: join(dir, 'cache') }, join(dir, 'console.db'));
    try {
      const added = await core.dispatch('vaults.add', { name: 'prod', url: ws.store, identityPath: join(ws.dir, 'id.json') });
      const listed = (await core.dispatch('drills.list', { vaultId: (added as { ok: true; value: { id: string } }).value.id })) as { ok: true; value: ApiResult<'drills.list'> };
      expect(listed.value.drills.map((d) => d.verdict)).toEqual([expect.stringMatching(/^5 of 8 sources failed: .*\(writer "rogue"\); the other 3 restored and verified$/), expect.anything()]);
    } finally {
      core.close();
    }
  });

  // A file system of its own, small enough that the forged size is real for it: root only (mount).
  const root = process.getuid?.() === 0;
  const mounts: string[] = [];
  afterAll(() => mounts.forEach((m) => execFileSync('umount', [m])));

  it.skipIf(!root)('one forged to fill the sandbox is left out, sized from its trees; the others are restored into it first', async () => {
    const { ws, rogue: open } = await estate();
    const sandbox = tempDir('bulkhead-sandbox-');
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16m', 'tmpfs', sandbox]);
    mounts.push(sandbox);
    const fs = statfsSync(sandbox);
    const free = fs.bavail * fs.bsize;
    // The newest snapshot, so the drill meets it first: one 1 KiB chunk named until 1 KiB short of
    // the sandbox's free space. Each restore alone fits; restored first, it leaves no room for the others.
    const rogue = await open();
    const one = await rogue.file('chunk', 'z'.repeat(1024));
    const bomb = { ...one, name: 'fill.bin', size: free - 1024, blobs: Array.from({ length: free / 1024 - 1 }, () => one.blobs![0]!) };
    await rogue.snapshot([{ name: 'aaa-big', root: await rogue.tree([bomb]), stats: { files: 1, dirs: 1, bytes: bomb.size } }]);

    const r = JSON.parse((await drill(ws, sandbox)).stdout) as Report;
    expect(r.steps.map((s) => [s.source, s.writer, s.ok])).toEqual([['aaa-big', 'rogue', false], ['api', 'ci', true], ['db', 'ci', true], ['infra', 'ci', true]]);
    expect(r.steps[0]!.detail).toMatch(/^its trees hold 16\.0 MiB, and the sandbox has 16\.0 MiB free once the smaller sources are restored: not restored, so that it cannot fill the sandbox before the others/);
    expect(sandboxed(sandbox)).toEqual(['folders/infra', 'repositories/api.git', 'streams/db']);
  });

  // Red team 3b: each kind side by side in the sandbox, "api.git" and "db.stream" were the paths of
  // the repository api and the dump db, so those failed every drill as "not empty", as writer ci's.
  it("cannot take another writer's source's place in the sandbox by its name", async () => {
    const { ws, rogue: open } = await estate();
    const rogue = await open();
    await rogue.snapshot([
      { name: 'api.git', root: await rogue.tree([await rogue.file('HEAD', 'ref: refs/heads/main\n')]) },
      { name: 'db.stream', root: await rogue.tree([await rogue.file('db', '1\n')]) },
    ]);
    const run = await drill(ws, 'sb');
    const r = JSON.parse(run.stdout) as Report;
    expect(r.steps.map((s) => [s.source, s.writer, s.ok]).sort()).toEqual([['api', 'ci', true], ['api.git', 'rogue', true], ['db', 'ci', true], ['db.stream', 'rogue', true], ['infra', 'ci', true]]);
    expect(run.code).toBe(0);
    expect(sandboxed(join(ws.dir, 'sb'))).toEqual(['folders/api.git', 'folders/db.stream', 'folders/infra', 'repositories/api.git', 'streams/db']);
  });
});

/** What a drill left in its sandbox: each kind's folder and the sources in it. */
const sandboxed = (sandbox: string) => readdirSync(sandbox).flatMap((shelf) => readdirSync(join(sandbox, shelf)).map((name) => `${shelf}/${name}`)).sort();
