import { beforeAll, describe, expect, it } from 'vitest';
import { lstatSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { lockedBucket, s3Env, s3Url } from '../helpers/s3.js';
import { CHEAP_KDF, makeVault, tempDir, type TestVault } from '../helpers/vault.js';
import { CliWorkspace } from '../helpers/cli.js';
import { RogueWriter } from '../helpers/rogue-tree.js';
import { openVault } from '../../src/ops/open-vault.js';
import { checkVault } from '../../src/ops/inspect/check.js';
import { restore } from '../../src/ops/restore/restore.js';
import { restoreGit } from '../../src/ops/restore/restore-git.js';
import { planSelection } from '../../src/ops/restore/selection-plan.js';
import { restoreSelection, type ItemVerification } from '../../src/ops/restore/selection-restore.js';
import { runDrill } from '../../src/ops/drills/run-drill.js';
import { scenarioSchema } from '../../src/ops/drills/scenario.js';
import { sealIdentity } from '../../src/keys/sealed-identity.js';
import type { VaultReader } from '../../src/vault/reader.js';
import type { S3Store } from '../../src/storage/s3/s3-store.js';
import { systemClock } from '../../src/util/clock.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');

/** Every path under canary that is neither a target (or inside one) nor a folder on the way to one. */
function strays(canary: string, targets: string[]): string[] {
  const out: string[] = [];
  const visit = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (targets.some((t) => path === t || path.startsWith(`${t}/`))) continue;
      if (!targets.some((t) => t.startsWith(`${path}/`))) out.push(relative(canary, path));
      if (lstatSync(path).isDirectory()) visit(path);
    }
  };
  visit(canary);
  return out;
}


describe('restoring trees a hijacked writer forged (S3 with Object Lock)', () => {
  let store: S3Store;
  let v: TestVault;
  let snap: string;
  let reader: VaultReader;
  const canary = tempDir('bulkhead-canary-');
  const at = (name: string) => join(canary, 't', 'u', name);
  const abs = join(canary, 'abs-escape'); // an absolute name, pointing where a canary would see it
  /** Names of the forged "src" tree that restore must refuse, each for its own reason. */
  const REFUSED_IN_SRC = ['', '.', '..', '..', '..', '../../x', abs, 'a/../../x', 'a/b', 'd', 'd', 'dup', 'dup', 'e/pwned', 'nul\0byte', 'ok-raw'];
  const all = ['one', 'all', 'cli', 'cli-json', 'console', 'drill'].map((n) => join(canary, 't', 'u', n));

  beforeAll(async () => {
    store = await lockedBucket();
    v = await makeVault({ store });
    // Only the writer's credential and the store from here on: what a hijacked agent holds.
    const w = await RogueWriter.open(store, v.writer);
    const escape = (name: string) => w.file(name, `escaped via ${JSON.stringify(name)}\n`);
    const escapes = [];
    for (const name of ['../../x', 'a/../../x', abs, '.', '..', '', 'a/b', 'nul\0byte', 'e/pwned']) escapes.push(await escape(name));
    const src = await w.tree([
      await w.file('good.txt', 'kept\n'),
      await w.dir('sub', [await w.file('inner.txt', 'inner\n'), w.link('ok-link', '/etc/hostname')]),
      w.link('e', canary), // a symlink may point anywhere: that is data, restored as a link
      ...escapes,
      await escape('dup'),
      await escape('dup'),
      await w.dir('..', [await escape('climbed')]),
      w.link('..', canary),
      w.link('d', canary),
      await w.dir('d', [await escape('pwned')]),
      await w.file('ok-raw', 'raw\n', { rawName: b64('../../raw-escape') }),
      await w.brokenDir('broken', Buffer.from('this is not JSON')),
      await w.brokenDir('missing'),
    ]);
    const evilSource = await w.tree([await escape('from-source')]);
    const mirror = await w.tree([await w.file('HEAD', 'ref: refs/heads/main\n'), await w.dir('..', [await escape('hooks')])]);
    const gitManifest = await w.json({ format: 'bulkhead-git-manifest/1', url: 'file:///x', head: null, defaultBranch: null, refs: {}, files: [], pipelines: {} });
    snap = await w.snapshot([
      { name: 'src', root: src },
      { name: '../../x', root: evilSource },
      { name: '..', root: evilSource },
      { name: 'twin', root: evilSource },
      { name: 'twin', root: evilSource },
      { name: 'repo', kind: 'git', root: mirror, manifest: gitManifest },
    ]);
    reader = await openVault(store, v.identity, tempDir());
  }, 120_000);

  it('restore of a folder: every escape is refused and named, the rest restored, a broken tree named with its id and path', async () => {
    const target = at('one');
    const r = await restore({ reader, snapshot: snap, path: 'src', target, dryRun: false, overwrite: false });
    expect(r.refused.map((f) => f.path).sort()).toEqual([...REFUSED_IN_SRC].sort());
    expect(r.refused.find((f) => f.path === '../../x')!.reason).toMatch(/names a folder itself|contains "\/"/);
    expect(r.refused.find((f) => f.path === 'ok-raw')!.reason).toMatch(/raw name/);
    expect(r.refused.filter((f) => f.path === 'd').every((f) => /same name/.test(f.reason))).toBe(true);
    expect(r.failures.map((f) => f.path).sort()).toEqual(['broken', 'missing']);
    for (const f of r.failures) expect(f.reason).toMatch(/^tree [0-9a-f]{12} (is not a valid tree|cannot be read: blob [0-9a-f]{12} is not in the vault index)$/);
    expect(readdirSync(target).sort()).toEqual(['e', 'good.txt', 'sub']);
    expect(readFileSync(join(target, 'good.txt'), 'utf8')).toBe('kept\n');
    expect(readFileSync(join(target, 'sub/inner.txt'), 'utf8')).toBe('inner\n');
    expect(readlinkSync(join(target, 'sub/ok-link'))).toBe('/etc/hostname');
    expect(readlinkSync(join(target, 'e'))).toBe(canary);
    expect(strays(canary, [target])).toEqual([]);
  });

  it('restore of the whole snapshot: forged source names are refused, the others restore', async () => {
    const target = at('all');
    const r = await restore({ reader, snapshot: snap, path: '', target, dryRun: false, overwrite: false });
    const top = r.refused.filter((f) => !f.path.startsWith('src/') && f.path !== 'repo/..');
    expect(top.map((f) => f.path).sort()).toEqual(['..', '../../x', 'twin', 'twin']);
    expect(top.every((f) => /source name refused/.test(f.reason))).toBe(true);
    expect(r.refused.length).toBe(top.length + REFUSED_IN_SRC.length + 1); // and the git mirror's ".." 
    expect(readdirSync(target).sort()).toEqual(['repo', 'src']);
    expect(readFileSync(join(target, 'src/good.txt'), 'utf8')).toBe('kept\n');
    expect(strays(canary, [at('one'), target])).toEqual([]);
  });

  it('the CLI names what it refused, carries it in --json, and exits 4 (incomplete) with the rest kept', async () => {
    const ws = new CliWorkspace(s3Url(store.bucket), s3Env());
    writeFileSync(join(ws.dir, 'id.json'), JSON.stringify(await sealIdentity(v.identity, Buffer.from(ws.env.BULKHEAD_PASSPHRASE!), CHEAP_KDF)));
    // main() in this process (here): what the verb says and its exit code are the subject, not the process.
    const text = await ws.here(ws.operator('restore', `${snap}:src`, '--target', at('cli')));
    expect(text.code).toBe(4);
    expect(text.stderr).toContain('refused: ../../x: ');
    expect(text.stderr).toMatch(/not restored: broken: tree [0-9a-f]{12} is not a valid tree/);
    expect(text.stderr).toMatch(/restore incomplete: 2 folders could not be read and were left out; 16 entries were refused/);
    const json = await ws.here(ws.operator('restore', `${snap}:src`, '--target', at('cli-json'), '--json'));
    expect(json.code).toBe(4);
    const body = JSON.parse(json.stdout) as { refused: { path: string; reason: string }[]; restored: boolean };
    expect(body.restored).toBe(true);
    expect(body.refused.map((f) => f.path).sort()).toEqual([...REFUSED_IN_SRC].sort());
    expect(readdirSync(at('cli-json')).sort()).toEqual(['e', 'good.txt', 'sub']);
    expect(strays(canary, all.slice(0, 4))).toEqual([]);
  }, 120_000);

  it("the console's selection restore and a drill refuse the same and stay inside their folders", async () => {
    const seen: ItemVerification[] = [];
    const plan = await planSelection(reader, snap, ['src'], at('console'));
    await expect(restoreSelection(reader, plan, { verified: (x) => seen.push(x) })).rejects.toMatchObject({ code: 'RESTORE_INCOMPLETE' });
    expect(seen).toEqual([{ item: 'src', ok: false, detail: expect.stringMatching(/^16 entries refused, .*: \.\.\/\.\.\/x \(/) as string }]);
    expect(readFileSync(join(at('console'), 'src/good.txt'), 'utf8')).toBe('kept\n');

    const scenario = scenarioSchema.parse({ name: 'x', description: 'x', lost: { kinds: ['dir'] }, targets: { rtoMinutes: 5, rpoHours: 24 } });
    const drill = await runDrill({ reader, scenario, snapshot: snap, sandbox: at('drill'), clock: systemClock });
    const steps = Object.fromEntries(drill.steps.map((s) => [s.source, s]));
    expect(drill.steps.map((s) => s.ok)).toEqual([false, false, false, false, false]);
    expect(steps.src!.detail).toMatch(/^16 entries refused/);
    expect(steps['../../x']!.detail).toMatch(/source name refused/);
    expect(steps.twin!.detail).toMatch(/same name/);
    expect(readdirSync(at('drill'))).toEqual(['folders']);
    expect(readdirSync(join(at('drill'), 'folders'))).toEqual(['src']);
    expect(strays(canary, all)).toEqual([]);
  }, 120_000);

  it('a git source whose mirror tree was forged is not used at all', async () => {
    const target = at('repo.git');
    await expect(restoreGit({ reader, snapshot: snap, name: 'repo', target, refs: [], force: false })).rejects.toThrow(/mirror of repo .* holds 1 entries restore refused \(\.\.: /);
    expect(strays(canary, all)).toEqual([]);
  });

  it('check names every refused entry and unreadable folder, and goes on', async () => {
    const { problems } = await checkVault(reader, { readData: false });
    const refused = problems.filter((p) => p.kind === 'entry-refused').map((p) => p.message);
    expect(refused).toEqual(expect.arrayContaining([expect.stringMatching(/^snapshot [0-9a-f]{16}: src\/\.\.\/\.\.\/x: .*\(restore leaves it out\)$/)]));
    // each refused name once (both entries of a duplicated name share one line)
    const named = (path: string) => refused.filter((m) => m.includes(`: ${path}: `)).length;
    for (const path of [...new Set(REFUSED_IN_SRC)].map((p) => `src/${p}`)) expect(named(path), path).toBe(1);
    for (const path of ['../../x', '..', 'twin', 'repo/..']) expect(named(path), path).toBe(1);
    expect(refused.length).toBe(new Set(REFUSED_IN_SRC).size + 4);
    const unreadable = problems.filter((p) => p.kind === 'tree-unreadable').map((p) => p.message);
    expect(unreadable).toEqual([expect.stringMatching(/src\/broken: tree [0-9a-f]{12} is not a valid tree/), expect.stringMatching(/src\/missing: /)]);
  });
});
