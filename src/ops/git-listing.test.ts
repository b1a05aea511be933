import { describe, expect, it } from 'vitest';
import { listingProblems, parseLsTree } from './git-listing.js';

describe('a git listing is checked before anything is extracted', () => {
  it('parses ls-tree -r -z output', () => {
    const out = Buffer.from('100644 blob aa\tci/deploy.yml\x00120000 blob bb\tlink\x00');
    expect(parseLsTree(out)).toEqual([{ mode: '100644', path: 'ci/deploy.yml' }, { mode: '120000', path: 'link' }]);
  });

  it('names paths that could leave the target: "..", empty or "." components, repeats, paths below a symlink', () => {
    const file = (path: string) => ({ mode: '100644', path });
    expect(listingProblems([file('a/b.yml'), file('c'), { mode: '120000', path: 'l' }])).toEqual([]);
    expect(listingProblems([file('../x'), file('a/./b'), file('a//b'), file('c'), file('c'), { mode: '120000', path: 'l' }, file('l/pwned'), file('l/deep/pwned')])).toEqual([
      '"../x": ".." names a folder itself, not an entry in it',
      '"a/./b": "." names a folder itself, not an entry in it',
      '"a//b": an empty name',
      '"c" is listed twice',
      '"l/pwned" lies below the symlink "l"',
      '"l/deep/pwned" lies below the symlink "l"',
    ]);
  });
});
