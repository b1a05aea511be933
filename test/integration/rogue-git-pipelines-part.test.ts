import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../helpers/vault.js';
import { rogueOnLockedVault } from '../helpers/rogue-vault.js';
import { openVault } from '../../src/ops/open-vault.js';
import { browseRows } from '../../src/ops/browse/browse-rows.js';

const OID = 'a'.repeat(40);
const CI = { system: 'github-actions', path: '.github/workflows/ci.yml', blob: 'b'.repeat(40), valid: true, triggers: ['push'], jobs: ['test'] };

/**
 * A git manifest's pipelines were checked as "an object of lists of anything". A hijacked agent
 * signed a format 2 manifest whose pipelines part held `null`, `5` and `{}` as pipelines, or triggers
 * as a string: `ls SNAP:REPO` and `ls SNAP:REPO/pipelines` ended in "unexpected error: Cannot read
 * properties of null" or "p.triggers.join is not a function". A default branch named "constructor"
 * read Object.prototype's constructor as its pipelines: "1 at constructor" from nothing, then
 * ".map is not a function". Pipelines are now checked as the writer records them, a malformed part
 * refused as CORRUPT naming the manifest and where; branch names are own keys only.
 */
describe('a git manifest whose pipelines part holds what no writer records, signed by a hijacked agent', () => {
  it('is refused as that source\'s finding with the reason; a branch named "constructor" is only a name; the snapshot\'s other source restores', async () => {
    // the attack: the agent's writer key and its store only
    const { store, v, rogue: w, operator } = await rogueOnLockedVault();
    const files = await w.json({ format: 'bulkhead-git-files/1', files: [] });
    const git = async (name: string, defaultBranch: string, pipelines: unknown) => {
      const part = await w.json({ format: 'bulkhead-git-pipelines/1', pipelines });
      const manifest = await w.json({ format: 'bulkhead-git-manifest/2', url: 'https://example.com/x.git', head: `refs/heads/${defaultBranch}`, defaultBranch, refs: { [`refs/heads/${defaultBranch}`]: OID }, files, pipelines: part });
      return { name, kind: 'git' as const, locator: 'https://example.com/x.git', root: await w.tree([]), manifest, part };
    };
    const nulls = await git('nulls', 'main', { main: [null, 5, {}] });
    const text = await git('text', 'main', { main: [{ ...CI, triggers: 'push', jobs: { a: 1 } }] });
    const ctor = await git('ctor', 'constructor', {});
    const proto = await git('proto', '__proto__', { ['__proto__']: [CI], toString: [CI] }); // schema-valid: ordinary branches (a computed key: an own "__proto__")
    const cfg = await w.tree([await w.file('deploy.yaml', 'replicas: 4\n')]);
    const snap = await w.snapshot([{ name: 'cfg', root: cfg }, nulls, text, ctor, proto]);

    const ws = await operator();
    const refused = (s: { manifest: string; part: string }, where: string) =>
      new RegExp(`git manifest ${s.manifest.slice(0, 12)}: its pipelines part ${s.part.slice(0, 12)} is not a pipelines part \\(${where}`);
    const why = new Map([
      [nulls, refused(nulls, 'pipelines\\.main\\.0: Expected object, received null, and \\d+ more problems')],
      [text, refused(text, 'pipelines\\.main\\.0\\.triggers: Expected array, received string')],
    ]);

    // ls of the source and of its pipelines: CORRUPT with the reason, never "unexpected error"
    // main() in this process (cli-in-process.ts), as every run below but two: a spawned `bulkhead`
    // costs ~0.8 CPU s (Node, the bundle, the AWS SDK) for an `ls` of ~0.05 s. The first `ls` and
    // the last `restore` stay real processes: the exit code and message of the process itself.
    for (const [s, reason] of why) {
      for (const at of [`${snap}:${s.name}`, `${snap}:${s.name}/pipelines`]) {
        const r = at === `${snap}:nulls` ? await ws.runAsync(ws.operator('ls', at)) : await ws.here(ws.operator('ls', at));
        expect(r.code, `${at}: ${r.stderr}`).toBe(5);
        expect(r.stderr).toMatch(reason);
        expect(r.stderr).not.toMatch(/unexpected error/);
      }
    }

    // a default branch "constructor" without pipelines has none; "__proto__" and "toString" are branches with theirs
    const none = await ws.here(ws.operator('ls', `${snap}:ctor`));
    expect(none.code, none.stderr).toBe(0);
    expect(none.stdout).toMatch(/pipelines:\n\s*\(none found\)/);
    const reader = await openVault(store, v.identity, tempDir()); // the console's rows for the repository
    expect((await browseRows(reader, snap, 'ctor')).rows.find((r) => r.name === 'pipelines')!.detail).toBe('0 at constructor');
    expect((await browseRows(reader, snap, 'proto')).rows.find((r) => r.name === 'pipelines')!.detail).toBe('1 at __proto__');
    await expect(browseRows(reader, snap, 'nulls')).rejects.toMatchObject({ code: 'CORRUPT', message: expect.stringMatching(why.get(nulls)!) });
    reader.close();
    const empty = await ws.here(ws.operator('ls', `${snap}:ctor/pipelines`));
    expect([empty.code, empty.stdout]).toEqual([0, expect.stringContaining('(nothing here)')]);
    const named = await ws.here(ws.operator('ls', `${snap}:proto`));
    expect(named.code, named.stderr).toBe(0);
    expect(named.stdout).toMatch(/__proto__\s+github-actions\s+\.github\/workflows\/ci\.yml/);
    expect(named.stdout).toMatch(/toString\s+github-actions\s+\.github\/workflows\/ci\.yml/);
    const listed = await ws.here(ws.operator('ls', `${snap}:proto/pipelines`));
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toMatch(/\.github\/workflows\/ci\.yml\s+github-actions on push/);

    // snapshots names the refused sources and why; the others are counted
    const list = await ws.here(ws.operator('snapshots'));
    expect(list.code, list.stderr).toBe(0);
    const line = list.stdout.split('\n').find((l) => l.startsWith(snap))!;
    for (const [s, reason] of why) expect(line).toMatch(new RegExp(`${s.name} cannot be counted: ${reason.source}`));
    expect(list.stdout + list.stderr).not.toMatch(/unexpected error/);

    // the snapshot's other source restores, dry run and for real
    const dry = await ws.here(ws.operator('restore', `${snap}:cfg`, '--target', join(ws.dir, 'dry'), '--dry-run'));
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout + dry.stderr).not.toMatch(/unexpected error/);
    const real = await ws.here(ws.operator('restore', `${snap}:cfg`, '--target', join(ws.dir, 'cfg')));
    expect(real.code, real.stderr).toBe(0);
    expect(readFileSync(join(ws.dir, 'cfg', 'deploy.yaml'), 'utf8')).toBe('replicas: 4\n');
    const forged = await ws.runAsync(ws.operator('restore', `${snap}:nulls`, '--target', join(ws.dir, 'nulls.git'), '--dry-run'));
    expect(forged.code).toBe(5);
    expect(forged.stderr).toMatch(why.get(nulls)!);
  }, 120_000);
});
