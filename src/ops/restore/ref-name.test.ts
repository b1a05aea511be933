import { describe, expect, it } from 'vitest';
import { fullRefName } from './ref-name.js';

const refs = { 'refs/heads/main': 'a', 'refs/tags/v1': 'b', 'refs/heads/v2': 'c', 'refs/tags/v2': 'd', 'refs/remotes/origin/HEAD': 'e', 'refs/notes/commits': 'f' };

describe('fullRefName', () => {
  it('reads a short name as git does: branch, tag, remote HEAD, refs/…', () => {
    expect(fullRefName(refs, 'main', 'app')).toBe('refs/heads/main');
    expect(fullRefName(refs, 'v1', 'app')).toBe('refs/tags/v1');
    expect(fullRefName(refs, 'origin', 'app')).toBe('refs/remotes/origin/HEAD');
    expect(fullRefName(refs, 'notes/commits', 'app')).toBe('refs/notes/commits');
    expect(fullRefName(refs, 'refs/heads/main', 'app')).toBe('refs/heads/main');
  });

  it('refuses a name that is a branch and a tag, naming both, where git would guess the tag', () => {
    expect(() => fullRefName(refs, 'v2', 'app in snapshot s1')).toThrow('v2 names 2 refs in app in snapshot s1: refs/tags/v2, refs/heads/v2; give the full one');
    expect(fullRefName(refs, 'refs/heads/v2', 'app')).toBe('refs/heads/v2');
  });

  it('finds nothing for a name the snapshot lacks, or for a bare HEAD', () => {
    expect(fullRefName(refs, 'gone', 'app')).toBeUndefined();
    expect(fullRefName(refs, 'HEAD', 'app')).toBeUndefined();
  });
});
