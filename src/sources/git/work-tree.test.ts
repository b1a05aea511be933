import { describe, expect, it } from 'vitest';
import { countStatus, uncommittedWarning } from './work-tree.js';

describe('countStatus (git status --porcelain=v1 -z)', () => {
  it('counts changed and untracked entries, a rename once (its source path is the next field)', () => {
    const out = [' M app.txt', 'A  new.txt', 'R  moved.txt', 'old.txt', ' D gone.txt', '?? notes/', '?? scratch.txt', ''].join('\0');
    expect(countStatus(out)).toEqual({ changed: 4, untracked: 2 });
  });

  it('says nothing of a clean work tree', () => {
    expect(countStatus('')).toBeUndefined();
  });

  it('names only the kinds found', () => {
    expect(uncommittedWarning('/srv/config', { changed: 0, untracked: 3 })).toMatch(/^\/srv\/config: the work tree has uncommitted changes \(3 untracked\) that a git source does not keep/);
  });
});
