import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fastImport, initBare } from '../../../test/helpers/git-fast.js';
import { git } from './git.js';
import { listRefs } from './manifest.js';
import { headRefFile, readRefFiles, refsFromFiles } from './mirror-refs.js';

describe('the refs of a mirror, read from its files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bulkhead-mirror-refs-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const origin = join(dir, 'origin.git');
  initBare(origin, 'trunk');
  fastImport(origin, [{ ref: 'refs/heads/trunk', files: { a: 'a\n' } }, { ref: 'refs/heads/topic/x', from: 'refs/heads/trunk', files: { b: 'b\n' } }], 'tag v1\nfrom refs/heads/trunk\ntagger T <t@example.com> 1700000000 +0000\ndata 3\nv1\n\nreset refs/notes/other\nfrom refs/heads/topic/x\n\n');

  it('equal what for-each-ref lists (annotated tags by their tag object), HEAD from its file', async () => {
    const mirror = join(dir, 'm.git');
    await git(['clone', '--mirror', '--quiet', origin, mirror]);
    const refs = await refsFromFiles(mirror);
    expect(refs).toEqual(await listRefs(mirror));
    expect(Object.keys(refs!).sort()).toEqual(['refs/heads/topic/x', 'refs/heads/trunk', 'refs/notes/other', 'refs/tags/v1']);
    expect(await headRefFile(mirror)).toBe('refs/heads/trunk');
  });

  it('take loose refs over packed ones, as a fetch leaves them', async () => {
    const mirror = join(dir, 'loose.git');
    await git(['clone', '--mirror', '--quiet', origin, mirror]);
    await git(['update-ref', 'refs/heads/new', 'refs/heads/trunk'], { gitDir: mirror });
    await git(['update-ref', 'refs/heads/trunk', 'refs/heads/topic/x'], { gitDir: mirror });
    await git(['update-ref', '-d', 'refs/notes/other'], { gitDir: mirror });
    expect(await refsFromFiles(mirror)).toEqual(await listRefs(mirror));
    expect(Object.keys((await refsFromFiles(mirror))!)).toHaveLength(4);
  });

  it('are left to git when a ref is symbolic or a file holds something unexpected', async () => {
    const mirror = join(dir, 'sym.git');
    await git(['clone', '--mirror', '--quiet', origin, mirror]);
    await git(['symbolic-ref', 'refs/remotes/origin/HEAD', 'refs/heads/trunk'], { gitDir: mirror });
    expect(await refsFromFiles(mirror)).toBeUndefined();
    const odd = join(dir, 'odd.git');
    await git(['clone', '--mirror', '--quiet', origin, odd]);
    writeFileSync(join(odd, 'packed-refs'), 'not a ref line\n', { flag: 'a' });
    expect(await refsFromFiles(odd)).toBeUndefined();
  });

  it('with symbolic refs allowed: each listed as ls-remote lists it, with what it names; one naming nothing left out', async () => {
    const repo = join(dir, 'symrefs.git');
    await git(['clone', '--mirror', '--quiet', origin, repo]);
    await git(['symbolic-ref', 'refs/remotes/origin/HEAD', 'refs/heads/topic/x'], { gitDir: repo });
    await git(['symbolic-ref', 'refs/heads/gone', 'refs/heads/never'], { gitDir: repo });
    const read = await readRefFiles(repo);
    expect(read!.symrefs).toEqual({ 'refs/remotes/origin/HEAD': 'refs/heads/topic/x' });
    const listed = (await git(['ls-remote', repo])).stdout.toString().split('\n').filter((l) => l && !l.includes('^{}') && !l.endsWith('\tHEAD'));
    expect(Object.entries(read!.refs).map(([ref, oid]) => `${oid}\t${ref}`)).toEqual(listed);
    // A symbolic ref naming another one is left to git.
    await git(['symbolic-ref', 'refs/heads/chain', 'refs/remotes/origin/HEAD'], { gitDir: repo });
    expect(await readRefFiles(repo)).toBeUndefined();
  });
});
