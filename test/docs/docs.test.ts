import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const read = (path: string) => readFileSync(join(root, path), 'utf8');

/** Source files that ship (not tests, not fixtures). */
function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
    .filter((p) => /\.(ts|tsx|mjs)$/.test(p) && !/\.test\.ts$/.test(p))
    .map((p) => join(dir, p));
}

describe('the documents stay true to the code', () => {
  it('every environment variable the code reads is in the table of docs/cli.md', () => {
    const read_ = new Set<string>();
    for (const file of [...sources('src'), ...sources('electron'), ...sources('renderer/src')]) {
      for (const m of read(file).matchAll(/process\.env(?:\.([A-Z][A-Z0-9_]+)|\[['"]([A-Z][A-Z0-9_]+)['"]\])/g)) read_.add(m[1] ?? m[2]!);
    }
    expect(read_.size).toBeGreaterThan(5);
    const doc = read('docs/cli.md');
    const table = doc.slice(doc.indexOf('## Environment variables'));
    expect([...read_].filter((name) => !table.includes(`\`${name}\``)), 'read by the code but not documented').toEqual([]);
  });

  it('every link in the documents points at a file in this repository', () => {
    const docs = ['README.md', 'ARCHITECTURE.md', 'CONTRIBUTING.md', 'SECURITY.md', 'docs/cli.md', 'deploy/README.md'];
    const broken: string[] = [];
    for (const doc of docs) {
      for (const [, target] of read(doc).matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/.test(target!) || target!.startsWith('#')) continue;
        const path = normalize(join(dirname(doc), target!.split('#')[0]!));
        if (relative(root, join(root, path)).startsWith('..') || !existsSync(join(root, path))) broken.push(`${doc}: ${target}`);
      }
    }
    expect(broken).toEqual([]);
    expect(read('README.md')).not.toMatch(/\.\.\/shared|\]\(\.\.\//);
  });

  it('the README\'s test command is the one CI runs', () => {
    expect(read('README.md')).toMatch(/```sh\nnpm test\n```/);
    const ci = read('.ci/run').trim().split('\n');
    expect(ci.at(-1)).toBe('npm test');
  });
});
