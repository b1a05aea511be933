import { describe, expect, it } from 'vitest';
import { requireSafeGitRemote } from './safe-remote.js';

describe('a git remote named by a snapshot', () => {
  it('is contacted when it is an ordinary address', () => {
    for (const ok of ['https://github.com/acme/api.git', 'http://127.0.0.1:9418/x.git', 'ssh://git@host/acme/api', 'git://host/x', 'file:///srv/git/api.git', 'git@github.com:acme/api.git', 'host:repos/api', '/srv/git/api.git']) {
      expect(() => requireSafeGitRemote(ok), ok).not.toThrow();
    }
  });

  it('is refused when git would take it for an option or run a command through it', () => {
    for (const bad of ['--upload-pack=touch /tmp/pwned', '-oProxyCommand=x', 'ext::sh -c touch% /tmp/pwned', 'fd::17', 'ssh://-oProxyCommand=x/y', 'relative/path', 'https://host/x\nnext', '']) {
      expect(() => requireSafeGitRemote(bad), bad).toThrow(expect.objectContaining({ code: 'UNTRUSTED_SOURCE' }));
    }
  });
});
