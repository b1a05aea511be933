import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fastImport, initBare } from '../../../test/helpers/git-fast.js';
import { CatFile } from './cat-file.js';
import { gitText } from './git.js';
import { lfsPointers, pointersAmong, smallBlobsIfWhole } from './lfs-scan.js';

const POINTER = `version https://git-lfs.github.com/spec/v1\noid sha256:${'ab'.repeat(32)}\nsize 12\n`;

/** A repository of loose objects (so that one can be removed): main, an annotated tag on its first commit, a side branch. */
function makeRepo(dir: string, name: string): string {
  const repo = join(dir, name);
  initBare(repo);
  fastImport(repo, [{ ref: 'refs/heads/main', files: { 'a.txt': 'a\n', 'd/e/big.bin': 'x'.repeat(5000), 'd/model.bin': POINTER } }]);
  fastImport(repo, [{ ref: 'refs/heads/side', from: 'refs/heads/main', files: { 's/t.txt': 'side\n' } }], 'tag v1\nfrom refs/heads/main\ntagger T <t@example.com> 1700000000 +0000\ndata 3\nv1\n\n');
  fastImport(repo, [{ ref: 'refs/heads/main', from: 'refs/heads/main^0', files: { 'b.txt': 'b\n' } }]);
  const packs = join(repo, 'objects/pack');
  for (const f of readdirSync(packs).filter((f) => f.endsWith('.pack'))) {
    const data = readFileSync(join(packs, f));
    for (const g of readdirSync(packs)) rmSync(join(packs, g));
    spawnSync('git', ['--git-dir', repo, 'unpack-objects', '-q'], { input: data });
  }
  return repo;
}

const rev = (repo: string, r: string) => spawnSync('git', ['--git-dir', repo, 'rev-parse', r], { encoding: 'utf8' }).stdout.trim();
const lose = (repo: string, oid: string) => rmSync(join(repo, 'objects', oid.slice(0, 2), oid.slice(2)));
const tips = async (repo: string) => [...new Set((await gitText(['for-each-ref', '--format=%(objectname)'], { gitDir: repo })).split('\n').filter(Boolean))];

describe('one walk for LFS pointers and missing objects', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bulkhead-lfs-scan-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lists the small blobs of a whole history, the pointers among them as the two-walk scan finds them', async () => {
    const repo = makeRepo(dir, 'whole.git');
    const small = await smallBlobsIfWhole(repo, await tips(repo));
    expect(small).toBeDefined();
    const objects = new CatFile(repo);
    try {
      expect(await pointersAmong(objects, small!)).toEqual(['ab'.repeat(32)]);
      expect(await lfsPointers(repo, objects, await tips(repo), [])).toEqual(['ab'.repeat(32)]);
    } finally {
      objects.close();
    }
  });

  it('finds the pointers added after a commit the repository lacks, and those on other refs', async () => {
    const repo = makeRepo(dir, 'lost-commit.git');
    const later = `version https://git-lfs.github.com/spec/v1\noid sha256:${'cd'.repeat(32)}\nsize 7\n`;
    fastImport(repo, [{ ref: 'refs/heads/side', from: 'refs/heads/side^0', files: { 'later.bin': later } }]);
    const all = await tips(repo);
    lose(repo, rev(repo, 'side~1')); // the side commit before the one that added later.bin (loose: fast-import of one commit)
    const objects = new CatFile(repo);
    try {
      expect((await lfsPointers(repo, objects, all, [])).sort()).toEqual(['ab'.repeat(32), 'cd'.repeat(32)]);
    } finally {
      objects.close();
    }
  });

  // Each kind of object the history names, lost: the walk must fail (with --missing=print and the
  // type filter git passes a missing tree over in silence).
  for (const [what, lost] of [
    ['a small blob', 'main:b.txt'],
    ['a large blob (filtered by size)', 'main:d/e/big.bin'],
    ['a tree', 'main:d/e'],
    ['a root tree', 'side^{tree}'],
    ['a commit', 'side~1'],
    ['an annotated tag', 'refs/tags/v1'],
  ] as const) {
    it(`is undefined when ${what} is missing`, async () => {
      const repo = makeRepo(dir, `lost-${lost.replace(/\W/g, '_')}.git`);
      const all = await tips(repo);
      lose(repo, rev(repo, lost));
      expect(await smallBlobsIfWhole(repo, all)).toBeUndefined();
    });
  }

  // A local repository's pack often has a reachability bitmap (git gc writes one for a bare
  // repository), copied into the mirror: the walk uses it, and must still see what is missing outside it.
  describe('with a reachability bitmap', () => {
    /** The history packed with a bitmap, then a commit on top as loose objects (new.bin, another pointer). */
    function bitmapped(name: string): string {
      const repo = makeRepo(dir, name);
      spawnSync('git', ['--git-dir', repo, 'repack', '-adbq']);
      expect(readdirSync(join(repo, 'objects/pack')).some((f) => f.endsWith('.bitmap'))).toBe(true);
      const later = `version https://git-lfs.github.com/spec/v1\noid sha256:${'ef'.repeat(32)}\nsize 9\n`;
      fastImport(repo, [{ ref: 'refs/heads/main', from: 'refs/heads/main^0', files: { 'n/new.bin': later } }]);
      return repo;
    }

    it('lists the same small blobs as a walk without it, pointers on both sides of it', async () => {
      const repo = bitmapped('bitmap-whole.git');
      const all = await tips(repo);
      const plain = (await gitText(['rev-list', '--objects', '--no-object-names', '--stdin', '--filter=blob:limit=1024', '--filter=object:type=blob'], { gitDir: repo, input: all.join('\n') + '\n' })).split('\n').filter(Boolean);
      const small = await smallBlobsIfWhole(repo, all);
      expect([...small!].sort()).toEqual([...plain].sort());
      const objects = new CatFile(repo);
      try {
        expect((await pointersAmong(objects, small!)).sort()).toEqual(['ab'.repeat(32), 'ef'.repeat(32)]);
      } finally {
        objects.close();
      }
    });

    for (const [what, lost] of [
      ['a small blob', 'main:n/new.bin'],
      ['a tree', 'main:n'],
      ['a commit', 'main'],
    ] as const) {
      it(`is undefined when ${what} outside the bitmap is missing`, async () => {
        const repo = bitmapped(`bitmap-lost-${lost.replace(/\W/g, '_')}.git`);
        const all = await tips(repo);
        lose(repo, rev(repo, lost));
        expect(await smallBlobsIfWhole(repo, all)).toBeUndefined();
      });
    }
  });
});
