import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { chmodSync, linkSync, lstatSync, mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeVault, tempDir } from '../helpers/vault.js';
import { RogueWriter } from '../helpers/rogue-tree.js';
import { BOTH_WRITE_PATHS, backupFolder, restoredFolder } from '../helpers/folder-restore.js';
import { openVault } from '../../src/ops/open-vault.js';
import { restore } from '../../src/ops/restore/restore.js';
import { verifyRestored } from '../../src/ops/restore/verify-restore.js';
import { snapshotFor } from '../../src/ops/snapshot-ref.js';
import { locate } from '../../src/vault/browse.js';

const inode = (p: string) => {
  const st = lstatSync(p);
  return { ino: st.ino, nlink: st.nlink };
};

/**
 * Hard links (pnpm's store and the node_modules it links from it, a config linked into two places,
 * Debian's /usr/bin) came back as one copy per name: twice the disk, and names that no longer
 * change together. A file of several names records its link group; a restore writes the first name
 * and links the others to it, when their entries agree.
 */
describe('hard links come back as links', () => {
  const src = tempDir();
  const big = randomBytes(200_000); // several chunks: created first, then written piece by piece
  mkdirSync(join(src, 'x'));
  mkdirSync(join(src, 'y'));
  writeFileSync(join(src, 'x', 'a.bin'), big);
  chmodSync(join(src, 'x', 'a.bin'), 0o640);
  utimesSync(join(src, 'x', 'a.bin'), 1_600_000_000, 1_600_000_000);
  linkSync(join(src, 'x', 'a.bin'), join(src, 'y', 'b.bin'));
  linkSync(join(src, 'x', 'a.bin'), join(src, 'y', 'c.bin'));
  writeFileSync(join(src, 'x', 'small.conf'), 'port: 8080\n'); // one blob: written whole
  linkSync(join(src, 'x', 'small.conf'), join(src, 'x', 'small-too.conf'));
  writeFileSync(join(src, 'copy.bin'), big); // the same content, its own inode: stays its own file

  it.each(BOTH_WRITE_PATHS)('%s: the names of one inode are one inode again, and the read-back passes', async (_how, workersFromBytes) => {
    let done = 0;
    const { reader, snapshot, target, result } = await restoredFolder(src, workersFromBytes, { progress: (e) => void (done = e.done) });
    expect(result.failures).toEqual([]);
    expect(done).toBe(result.plan.bytes); // a linked name counts as written
    const a = inode(join(target, 'x', 'a.bin'));
    expect(a.nlink).toBe(3);
    expect(inode(join(target, 'y', 'b.bin'))).toEqual(a);
    expect(inode(join(target, 'y', 'c.bin'))).toEqual(a);
    expect(inode(join(target, 'x', 'small-too.conf'))).toEqual({ ...inode(join(target, 'x', 'small.conf')), nlink: 2 });
    expect(inode(join(target, 'copy.bin')).nlink).toBe(1);
    expect(readFileSync(join(target, 'y', 'c.bin')).equals(big)).toBe(true);
    const st = lstatSync(join(target, 'y', 'b.bin'));
    expect([st.mode & 0o7777, st.mtimeMs]).toEqual([0o640, 1_600_000_000_000]);
    expect(await verifyRestored(reader, await snapshotFor(reader, snapshot), 's', target)).toEqual([]);
    reader.close();
  });

  it('a restore of one name writes just that file', async () => {
    const v = await makeVault();
    const snapshot = await backupFolder(v, src);
    const reader = await openVault(v.store, v.identity, v.cacheRoot);
    const target = join(tempDir(), 'out');
    expect((await restore({ reader, snapshot, path: 's/y/b.bin', target, dryRun: false, overwrite: false })).failures).toEqual([]);
    expect(inode(join(target, 'b.bin')).nlink).toBe(1);
    expect(readFileSync(join(target, 'b.bin')).equals(big)).toBe(true);
    reader.close();
  });

  it('a folder tree reused from the file cache names the same groups as one encoded again', async () => {
    const v = await makeVault();
    const own = tempCopy(src);
    const one = await backupFolder(v, own);
    writeFileSync(join(own, 'y', 'new.txt'), 'new'); // y is encoded again, x is reused as recorded
    const two = await backupFolder(v, own);
    const reader = await openVault(v.store, v.identity, v.cacheRoot);
    const subtree = async (snap: string, path: string) => (await locate(reader, (await snapshotFor(reader, snap)).manifest, path)).entry!.subtree;
    expect(await subtree(two, 's/x')).toBe(await subtree(one, 's/x'));
    expect(await subtree(two, 's/y')).not.toBe(await subtree(one, 's/y'));
    const target = join(tempDir(), 'out');
    expect((await restore({ reader, snapshot: two, path: 's', target, dryRun: false, overwrite: false })).failures).toEqual([]);
    expect(inode(join(target, 'y', 'b.bin'))).toEqual(inode(join(target, 'x', 'a.bin')));
    expect(inode(join(target, 'x', 'a.bin')).nlink).toBe(3);
    reader.close();
  });
});

/** A copy of the folder with the same hard links, for a test that changes it. */
function tempCopy(from: string): string {
  const to = tempDir();
  mkdirSync(join(to, 'x'));
  mkdirSync(join(to, 'y'));
  for (const f of ['x/a.bin', 'x/small.conf', 'copy.bin']) writeFileSync(join(to, f), readFileSync(join(from, f)));
  linkSync(join(to, 'x', 'a.bin'), join(to, 'y', 'b.bin'));
  linkSync(join(to, 'x', 'a.bin'), join(to, 'y', 'c.bin'));
  linkSync(join(to, 'x', 'small.conf'), join(to, 'x', 'small-too.conf'));
  return to;
}

/**
 * A tree is its writer's word, and a hijacked agent's tree can claim that two different files are
 * one inode: linked, restoring one would give the other's content (or mode) to both. Entries of one
 * group that disagree are written as files of their own; a name whose group's first was not written
 * is written on its own.
 */
describe('a forged link group', () => {
  it('links only the names whose entries agree, and writes the others as they are', async () => {
    const v = await makeVault();
    const rogue = await RogueWriter.open(v.store, v.writer);
    const long = 'n'.repeat(300); // longer than any file system's name: that name alone fails
    const root = await rogue.tree([
      await rogue.file('a', 'alpha', { link: 'g' }),
      await rogue.file('b', 'bravo', { link: 'g' }), // same size, other content
      await rogue.file('c', 'alpha', { link: 'g', mode: 0o600 }), // same content, other mode
      await rogue.file('d', 'alpha', { link: 'g' }), // agrees with a
      await rogue.file('e', 'alpha', { link: 'g', uid: 4242, gid: 4242 }), // other owner
      await rogue.file(long, 'kilo', { link: 'h' }),
      await rogue.file('o', 'kilo', { link: 'h' }),
    ]);
    const snapshot = await rogue.snapshot([{ name: 'app', root }]);
    const reader = await openVault(v.store, v.identity, v.cacheRoot);
    const target = join(tempDir(), 'out');
    const result = await restore({ reader, snapshot, path: 'app', target, dryRun: false, overwrite: false });
    expect(result.failures).toEqual([{ path: long, reason: expect.stringMatching(/ENAMETOOLONG/) }]);
    const at = (name: string) => join(target, name);
    expect(inode(at('d'))).toEqual({ ...inode(at('a')), nlink: 2 });
    for (const name of ['b', 'c', 'e', 'o']) expect(inode(at(name)).nlink, name).toBe(1);
    expect(['a', 'b', 'c', 'd', 'e', 'o'].map((n) => readFileSync(at(n), 'utf8'))).toEqual(['alpha', 'bravo', 'alpha', 'alpha', 'alpha', 'kilo']);
    expect([lstatSync(at('a')).mode & 0o777, lstatSync(at('c')).mode & 0o777]).toEqual([0o644, 0o600]);
    reader.close();
  });
});
