import { describe, expect, it } from 'vitest';
import { countStatus, uncommittedWarnings } from './work-tree.js';

describe('countStatus (git status --porcelain=v1 -z)', () => {
  it('counts changed and untracked entries, a rename once (its source path is the next field)', () => {
    const out = [' M app.txt', 'A  new.txt', 'R  moved.txt', 'old.txt', ' D gone.txt', '?? notes/', '?? scratch.txt', ''].join('\0');
    expect(countStatus(out)).toEqual({ changed: 4, untracked: 2, olderStashes: 0 });
  });

  it('says nothing of a clean work tree', () => {
    expect(countStatus('')).toBeUndefined();
  });

  it('names only the kinds found', () => {
    const [only, ...rest] = uncommittedWarnings('/srv/config', { changed: 0, untracked: 3, olderStashes: 0 });
    expect(only).toMatch(/^\/srv\/config: the work tree has uncommitted changes \(3 untracked\) that a git source does not keep/);
    expect(rest).toEqual([]);
  });

  it('says how many stash entries live only in the reflog, alone when the tree is clean', () => {
    expect(uncommittedWarnings('/srv/config', { changed: 0, untracked: 0, olderStashes: 2 })).toEqual([
      "/srv/config: 2 stash entries older than the newest (stash@{1} to stash@{2}) live only in the stash's reflog, which a git source does not keep (it keeps refs/stash, the newest); make each a branch (git stash branch NAME stash@{N}) to keep it",
    ]);
  });
});
