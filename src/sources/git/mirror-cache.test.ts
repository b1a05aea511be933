import { describe, expect, it } from 'vitest';
import { isLocalPath } from './mirror-cache.js';

describe('which clones copy a local repository (and check nothing)', () => {
  it('tells paths from URLs as git does', () => {
    for (const path of ['/srv/repo.git', 'repo', './a:b', 'dir/x:y', '../up.git']) expect(isLocalPath(path)).toBe(true);
    for (const url of ['file:///srv/repo.git', 'https://example.com/r.git', 'ssh://git@host/r.git', 'git@github.com:acme/app.git', 'host:repo']) expect(isLocalPath(url)).toBe(false);
  });
});
