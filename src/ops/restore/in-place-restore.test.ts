import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { chownSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { makeVault, tempDir } from '../../../test/helpers/vault.js';
import { backup } from '../backup/backup.js';
import { openVault } from '../open-vault.js';
import { parseSourceSpec } from '../../sources/spec.js';
import { planSelection } from './selection-plan.js';
import { restoreSelection, type ItemVerification } from './selection-restore.js';

/** A backed-up tree (a/x.conf, a/b/y.conf, z.txt) and a reader of its vault. */
async function setup() {
  const v = await makeVault();
  const live = tempDir();
  mkdirSync(join(live, 'a/b'), { recursive: true });
  writeFileSync(join(live, 'a/x.conf'), 'x = 1\n');
  writeFileSync(join(live, 'a/b/y.conf'), 'y = 1\n');
  writeFileSync(join(live, 'z.txt'), 'z\n');
  await backup({ store: v.store, credential: v.writer, sources: [parseSourceSpec(`cfg=dir:${live}`)], excludes: [], tags: [], clock: v.clock, cacheRoot: v.cacheRoot });
  const reader = await openVault(v.store, v.identity, v.cacheRoot);
  const run = async (plan: Awaited<ReturnType<typeof planSelection>>) => {
    const checks: ItemVerification[] = [];
    const error = await restoreSelection(reader, plan, { verified: (c) => checks.push(c) }).then(() => null, (e: Error) => e.message);
    return { checks, error };
  };
  return { live, reader, run };
}

describe('restore back where it was (in place)', () => {
  it('puts missing and changed files back, moves the replaced copy aside, leaves equal ones alone, keeps relative paths', async () => {
    const { live, reader, run } = await setup();
    rmSync(join(live, 'a'), { recursive: true });
    writeFileSync(join(live, 'z.txt'), 'agent\n');
    const plan = await planSelection(reader, 'latest', ['cfg'], '.', 'replace', ['/']);
    expect(plan.blocked).toEqual([]);
    expect(plan.items[0]!.replaced).toEqual(['z.txt']);
    const { checks, error } = await run(plan);
    expect(error).toBeNull();
    expect(checks[0]!.ok).toBe(true);
    expect(readFileSync(join(live, 'a/b/y.conf'), 'utf8')).toBe('y = 1\n');
    expect(readFileSync(join(live, 'z.txt'), 'utf8')).toBe('z\n');
    const aside = readdirSync(live).find((n) => n.startsWith('.bulkhead-replaced-'))!;
    expect(readFileSync(join(live, aside, 'z.txt'), 'utf8')).toBe('agent\n');
    expect(readdirSync(live).filter((n) => n.startsWith('.bulkhead-restore-'))).toEqual([]);
  });

  it.runIf(process.geteuid?.() === 0)('as root, a file an agent only gave to another owner is put back with its owner', async () => {
    const { live, reader, run } = await setup();
    chownSync(join(live, 'a/x.conf'), 65534, 65534);
    const plan = await planSelection(reader, 'latest', ['cfg'], '.', 'replace', ['/']);
    expect(plan.items[0]!.replaced).toEqual(['a/x.conf']);
    const { checks, error } = await run(plan);
    expect(error).toBeNull();
    expect(checks[0]!.ok).toBe(true);
    expect([lstatSync(join(live, 'a/x.conf')).uid, lstatSync(join(live, 'a/x.conf')).gid]).toEqual([0, 0]);
  });

  it('writes back in place only into folders the operator listed: where a source lives is its writer\'s word', async () => {
    const { live, reader } = await setup();
    writeFileSync(join(live, 'z.txt'), 'agent\n');
    const unlisted = await planSelection(reader, 'latest', ['cfg'], '.', 'replace');
    expect(unlisted.blocked).toEqual([expect.stringMatching(new RegExp(`^${live} is where the snapshot says cfg lives, which its writer chose; it is not among the folders you restore into in place`))]);
    expect((await planSelection(reader, 'latest', ['cfg'], '.', 'replace', [join(live, 'elsewhere')])).blocked).toHaveLength(1);
    expect((await planSelection(reader, 'latest', ['cfg'], '.', 'replace', [live])).blocked).toEqual([]);
    expect(readFileSync(join(live, 'z.txt'), 'utf8')).toBe('agent\n');
  });

  it('a file that appears after the plan is not replaced: it is reported, the rest is restored', async () => {
    const { live, reader, run } = await setup();
    rmSync(join(live, 'a/x.conf'));
    rmSync(join(live, 'z.txt'));
    const plan = await planSelection(reader, 'latest', ['cfg'], '.', 'keep-both', ['/']);
    writeFileSync(join(live, 'z.txt'), 'appeared\n'); // between the plan and the run
    const { checks, error } = await run(plan);
    expect(error).toMatch(/1 of 1 items were not restored or did not verify/);
    expect(checks[0]!.detail).toMatch(/z\.txt \(not put in place \(EEXIST\)/);
    expect(readFileSync(join(live, 'z.txt'), 'utf8')).toBe('appeared\n');
    expect(readFileSync(join(live, 'a/x.conf'), 'utf8')).toBe('x = 1\n');
  });

  it('a folder swapped for a symlink after the plan is never written through', async () => {
    const { live, reader, run } = await setup();
    rmSync(join(live, 'a/b/y.conf'));
    const plan = await planSelection(reader, 'latest', ['cfg'], '.', 'replace', ['/']);
    const elsewhere = tempDir();
    renameSync(join(live, 'a/b'), join(live, 'b-moved'));
    symlinkSync(elsewhere, join(live, 'a/b'));
    const { checks, error } = await run(plan);
    expect(error).not.toBeNull();
    expect(checks[0]!.detail).toMatch(/a\/b\/y\.conf \(not put in place: .*a\/b is a symlink; the console never writes through one/);
    expect(existsSync(join(elsewhere, 'y.conf'))).toBe(false);
    expect(lstatSync(join(live, 'a/b')).isSymbolicLink()).toBe(true);
  });

  it('a symlink where the snapshot has a folder blocks keep-both and is moved aside by replace', async () => {
    const { live, reader, run } = await setup();
    rmSync(join(live, 'a/b'), { recursive: true });
    symlinkSync(tempDir(), join(live, 'a/b'));
    const kept = await planSelection(reader, 'latest', ['cfg'], '.', 'keep-both', ['/']);
    expect(kept.blocked.join()).toMatch(/a\/b is not a folder on this machine/);
    const replaced = await planSelection(reader, 'latest', ['cfg'], '.', 'replace', ['/']);
    expect(replaced.items[0]!.replaced).toEqual(['a/b']);
    expect((await run(replaced)).error).toBeNull();
    expect(lstatSync(join(live, 'a/b')).isDirectory()).toBe(true);
    expect(readFileSync(join(live, 'a/b/y.conf'), 'utf8')).toBe('y = 1\n');
  });

  it('a source with no live folder is refused in place, with why its kind says (the kinds registry)', async () => {
    const v = await makeVault();
    await backup({ store: v.store, credential: v.writer, sources: [parseSourceSpec('db=stream:printf dump')], excludes: [], tags: [], clock: v.clock, cacheRoot: v.cacheRoot });
    const reader = await openVault(v.store, v.identity, v.cacheRoot);
    await expect(planSelection(reader, 'latest', ['db'], '.', 'replace', ['/'])).rejects.toMatchObject({ code: 'USAGE', message: 'db is a stream source: a stream has no place on disk to go back to. Restore it into a folder instead' });
  });
});
