import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { CliWorkspace } from '../helpers/cli.js';
import { fastImport, initBare } from '../helpers/git-fast.js';
import type { GitChange } from '../../src/sources/git/git-changes.js';

/** A pipeline file of `n` lines that no other file shares (a comment each: still valid YAML). */
const lines = (tag: string, n: number) => `name: ci\non: push\njobs: { t: { runs-on: x, steps: [{ run: make }] } }\n${Array.from({ length: n }, (_, i) => `# ${tag}${i}`).join('\n')}\n`;

interface DiffResult {
  sources: { name: string; changes: unknown[] }[];
}

/**
 * Round 6. The operator's diff shows a changed pipeline as a patch, computed by jsdiff, whose cost
 * is O(lines x changed lines): a pipeline of 40,000 lines replaced by 40,000 others (anyone who can
 * push to the repository, or the agent's own snapshot) cost minutes of `bulkhead diff` and of the
 * console's core, which answered nothing else meanwhile. The patch is now bounded and says so.
 */
describe('a pipeline change built to make the diff quadratic', () => {
  it('is reported without a line-by-line patch, saying why, and an ordinary change keeps its patch', { timeout: 120_000 }, async () => {
    const ws = new CliWorkspace();
    await ws.setupQuick();
    const live = join(ws.dir, 'live.git');
    initBare(live);
    fastImport(live, [
      { ref: 'refs/heads/main', files: { '.github/workflows/ci.yml': lines('a', 40_000), '.github/workflows/small.yml': lines('s', 3) } },
    ]);
    await ws.hereOk(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', `app=git:${live}`]);
    fastImport(live, [
      { ref: 'refs/heads/main', from: 'refs/heads/main^0', files: { '.github/workflows/ci.yml': lines('b', 40_000), '.github/workflows/small.yml': lines('s', 4) } },
    ]);

    const diff = await ws.hereJson<DiffResult>(ws.operator('diff', 'latest', '--live'));
    const changes = diff.sources.find((s) => s.name === 'app')!.changes as GitChange[];
    const patchOf = (path: string) => changes.find((c) => c.type === 'pipeline-changed' && c.path === path)!.patch!;
    expect(patchOf('.github/workflows/ci.yml')).toMatch(/^diff --git a\/\.github\/workflows\/ci\.yml b\/\.github\/workflows\/ci\.yml\nindex [0-9a-f]{12}\.\.[0-9a-f]{12}\n\(not shown: the two versions differ in more than \d+ lines; compare them with git diff\)\n$/);
    expect(patchOf('.github/workflows/small.yml')).toMatch(/\n\+# s3\n/);
  });

  it('past the bytes one comparison shows as patches, the rest are listed with a line saying why, the default branch shown first', { timeout: 120_000 }, async () => {
    // 20 branches (named to sort before main), each changing a pipeline of nearly 1 MiB: 38 MiB of patches.
    const ws = new CliWorkspace();
    await ws.setupQuick();
    const live = join(ws.dir, 'live.git');
    initBare(live);
    const big = (tag: string) => `${lines('x', 1)}# ${tag}${'x'.repeat(1_000_000)}\n`;
    const branches = Array.from({ length: 20 }, (_, i) => `${i + 1}`);
    fastImport(live, [
      { ref: 'refs/heads/main', files: { '.github/workflows/ci.yml': lines('m', 3) } },
      ...branches.map((b) => ({ ref: `refs/heads/${b}`, from: 'refs/heads/main', files: { '.github/workflows/ci.yml': big(`${b}-was`) } })),
    ]);
    await ws.hereOk(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', `app=git:${live}`]);
    fastImport(live, [
      ...branches.map((b) => ({ ref: `refs/heads/${b}`, from: `refs/heads/${b}^0`, files: { '.github/workflows/ci.yml': big(`${b}-now`) } })),
      { ref: 'refs/heads/main', from: 'refs/heads/main^0', files: { '.github/workflows/ci.yml': lines('m', 4) } },
    ]);

    const diff = await ws.hereJson<DiffResult>(ws.operator('diff', 'latest', '--live'));
    const changed = (diff.sources.find((s) => s.name === 'app')!.changes as GitChange[]).filter((c) => c.type === 'pipeline-changed');
    expect(changed).toHaveLength(21);
    expect(changed.find((c) => c.ref === 'refs/heads/main')!.patch).toMatch(/\n\+# m3\n/);
    const left = changed.filter((c) => /\(not shown: past the 16777216 bytes of pipeline files one comparison shows as patches; compare them with git diff\)\n$/.test(c.patch!));
    expect(left.length).toBeGreaterThanOrEqual(10);
    expect(changed.filter((c) => /^@@ /m.test(c.patch!)).length).toBe(21 - left.length);
  });
});
