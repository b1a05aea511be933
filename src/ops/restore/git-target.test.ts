import { describe, expect, it } from 'vitest';
import { isGitRemote } from './git-target.js';

describe('isGitRemote', () => {
  it('knows URLs and the scp-like form as remotes, as git does', () => {
    for (const t of ['git@github.com:acme/api.git', 'github.com:acme/api.git', 'ssh://git@host/x.git', 'https://gitlab.example/g/p.git', 'file:///srv/x.git', 'git+ssh://h/x']) expect(isGitRemote(t), t).toBe(true);
  });

  it('keeps paths paths, a colon after the first slash included', () => {
    for (const t of ['/srv/restore/api', 'restored/api', './a:b', '/tmp/x:y', 'api', 'C:\\restore']) expect(isGitRemote(t), t).toBe(false);
  });
});
