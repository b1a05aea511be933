import { describe, expect, it } from 'vitest';
import { listingProblems, parseLsTree } from './git-listing.js';

describe('a git listing is checked before anything is extracted', () => {
  it('parses ls-tree -r -z output', () => {
    const out = Buffer.from('100644 blob aa\tci/deploy.yml\x00120000 blob bb\tlink\x00');
    expect(parseLsTree(out)).toEqual([
      { mode: '100644', oid: 'aa', path: 'ci/deploy.yml', raw: Buffer.from('ci/deploy.yml') },
      { mode: '120000', oid: 'bb', path: 'link', raw: Buffer.from('link') },
    ]);
  });

  it('reads blob sizes from ls-tree -l -z output (padded; a tree has none)', () => {
    const out = Buffer.from('100644 blob aa      12\tsrc/a.txt\x00040000 tree bb       -\tsrc/lib\x00');
    expect(parseLsTree(out)).toEqual([
      { mode: '100644', oid: 'aa', path: 'src/a.txt', raw: Buffer.from('src/a.txt'), size: 12 },
      { mode: '040000', oid: 'bb', path: 'src/lib', raw: Buffer.from('src/lib') },
    ]);
  });

  it('names paths that could leave the target: "..", empty or "." components, repeats, paths below a symlink', () => {
    const file = (path: string) => ({ mode: '100644', oid: 'aa', path, raw: Buffer.from(path) });
    expect(listingProblems([file('a/b.yml'), file('c'), { mode: '120000', oid: 'bb', path: 'l', raw: Buffer.from('l') }])).toEqual([]);
    expect(listingProblems([file('../x'), file('a/./b'), file('a//b'), file('c'), file('c'), { mode: '120000', oid: 'bb', path: 'l', raw: Buffer.from('l') }, file('l/pwned'), file('l/deep/pwned')])).toEqual([
      '"../x": ".." names a folder itself, not an entry in it',
      '"a/./b": "." names a folder itself, not an entry in it',
      '"a//b": an empty name',
      '"c" is listed twice',
      '"l/pwned" lies below the symlink "l"',
      '"l/deep/pwned" lies below the symlink "l"',
    ]);
  });
});
