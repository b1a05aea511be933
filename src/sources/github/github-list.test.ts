import { describe, expect, it } from 'vitest';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkUniqueNames, expandSourceSpecs } from '../spec.js';
import { isBulkheadError } from '../../util/errors.js';

const file = (text: string) => {
  const path = join(mkdtempSync(join(tmpdir(), 'bulkhead-ghlist-')), 'github.txt');
  writeFileSync(path, text);
  return path;
};

describe('github-list:FILE', () => {
  it('expands one GitHub source per line, bare OWNER[/REPO] or a whole spec, as git-list does for git', () => {
    const list = file('# every org we run\nacme\n\nacme-labs?forks=1\ngithub:acme-ops/infra\ntf=github:acme/terraform?token-env=TF_GH\n');
    const specs = expandSourceSpecs([`github-list:${list}`, 'dir:/etc/app']);
    expect(specs.map((s) => `${s.name} ${s.kind}:${s.locator}`)).toEqual([
      'acme github:acme',
      'acme-labs github:acme-labs?forks=1',
      'acme-ops.infra github:acme-ops/infra',
      'tf github:acme/terraform?token-env=TF_GH',
      'app dir:/etc/app',
    ]);
    expect(() => checkUniqueNames(specs)).not.toThrow();
  });

  it('refuses a line that is no GitHub account, an empty list and a named list, saying which', () => {
    const bad = (specs: string[], pattern: RegExp) => {
      try {
        expandSourceSpecs(specs);
        expect.unreachable();
      } catch (e) {
        expect(isBulkheadError(e, 'USAGE')).toBe(true);
        expect((e as Error).message).toMatch(pattern);
      }
    };
    bad([`github-list:${file('acme\nhttps://github.com/acme\n')}`], /is not a GitHub source/);
    bad([`github-list:${file('# nothing\n')}`], /lists no GitHub accounts/);
    bad(['github-list:/nonexistent/list.txt'], /cannot read the GitHub list/);
    bad(['orgs=github-list:x.txt'], /names many sources; it cannot be named/);
  });

  it('leaves a git list as it was: a bare github: line there is a git URL (an ssh host alias)', () => {
    const specs = expandSourceSpecs([`git-list:${file('github:acme/api.git\napi=git:https://git.example/api.git\n')}`]);
    expect(specs.map((s) => s.kind)).toEqual(['git', 'git']);
  });
});
