import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { CliWorkspace } from '../helpers/cli.js';
import { fastImport, initBare } from '../helpers/git-fast.js';
import type { Listing } from '../../src/ops/browse/ls.js';

const CI = 'name: ci\non: push\njobs: { test: { runs-on: ubuntu-latest, steps: [{ run: make test }] } }\n';

/** 1.5 MiB of short keys: the YAML parser keeps a node per value (3 MB of them took 5 s and 860 MB; 30 MB ends the process). */
function manyKeys(): string {
  const lines: string[] = [];
  for (let n = 0, size = 0; size < 1.5 * 1024 * 1024; n++) size += (lines[n] = `k${n}: v`).length + 1;
  return lines.join('\n') + '\n';
}

/** Billion laughs: nine levels of nine aliases each. */
function laughs(): string {
  let s = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n';
  for (let i = 0; i < 9; i++) s += `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill(`*${String.fromCharCode(97 + i)}`).join(',')}]\n`;
  return s;
}

/**
 * Round 5. The agent parses the pipelines of every branch of the repositories it backs up, and a
 * repository anyone can push to is the usual case: a branch whose workflow is megabytes of short
 * keys, an alias bomb, or nesting thousands deep must fail that file alone, with a line saying why,
 * and cost the agent nothing near its size in memory. The same parser reads a snapshot writer's
 * files again in the operator's drill.
 */
describe("pipeline files built to exhaust whoever parses them", () => {
  it('are recorded invalid with a reason (one over the limit never read), and the backup and the real pipelines are untouched', async () => {
    const ws = new CliWorkspace();
    await ws.setupQuick();
    const live = join(ws.dir, 'live.git');
    initBare(live);
    fastImport(live, [
      { ref: 'refs/heads/main', files: { 'README.md': '# app\n', '.github/workflows/ci.yml': CI } },
      {
        ref: 'refs/heads/pr-123',
        from: 'refs/heads/main',
        files: { '.github/workflows/big.yml': manyKeys(), '.gitlab-ci.yml': laughs(), '.drone.yml': '['.repeat(5000) + ']'.repeat(5000) + '\n' },
      },
    ]);
    await ws.hereOk(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', `app=git:${live}`]);

    const { git } = await ws.hereJson<Listing>(ws.operator('ls', 'latest:app'));
    const all = Object.values(git!.pipelines).flat();
    const at = (path: string) => all.find((p) => p.path === path);
    expect(at('.github/workflows/ci.yml')).toMatchObject({ valid: true, triggers: ['push'], jobs: ['test'] });
    expect(at('.github/workflows/big.yml')).toMatchObject({ valid: false, error: expect.stringMatching(/^\d+ bytes, over the 1048576 bytes a pipeline file is read to: not parsed$/) });
    expect(at('.gitlab-ci.yml')).toMatchObject({ valid: false, error: expect.stringMatching(/alias count/i) });
    expect(at('.drone.yml')).toMatchObject({ valid: false });
  });

  it('past the bytes one backup parses, the rest are listed as not parsed yet (the default branch first), said by the backup, and parsed by the next', { timeout: 180_000 }, async () => {
    // 20 branches (named to sort before main) with a distinct pipeline just under the limit each: 19 MiB to parse.
    const ws = new CliWorkspace();
    await ws.setupQuick();
    const live = join(ws.dir, 'live.git');
    initBare(live);
    const big = (tag: string) => `${CI}# ${tag}${'x'.repeat(1_000_000)}\n`;
    fastImport(live, [
      { ref: 'refs/heads/main', files: { '.github/workflows/ci.yml': big('main') } },
      ...Array.from({ length: 20 }, (_, i) => ({ ref: `refs/heads/${i + 1}`, from: 'refs/heads/main', files: { '.github/workflows/ci.yml': big(`b${i}`) } })),
    ]);
    const first = await ws.hereOk(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', `app=git:${live}`]);
    expect(first.stderr).toMatch(/: [1-9] pipeline files? \(\d+ bytes\) not parsed: past the 16777216 bytes of pipeline files one backup of a repository parses/);

    const listed = async () => (await ws.hereJson<Listing>(ws.operator('ls', 'latest:app'))).git!.pipelines;
    const once = await listed();
    expect(once.main![0]).toMatchObject({ valid: true, triggers: ['push'], jobs: ['test'] }); // the default branch first
    const all = Object.values(once).flat();
    expect(all.filter((p) => p.valid)).toHaveLength(16);
    expect(all.filter((p) => !p.valid).map((p) => p.error)).toEqual(Array(5).fill(expect.stringMatching(/^\d+ bytes, past the 16777216 bytes of pipeline files one backup of a repository parses: not parsed yet \(the next backup does\)$/)));

    const second = await ws.hereOk(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', `app=git:${live}`]);
    expect(second.stderr).not.toMatch(/not parsed/);
    expect(Object.values(await listed()).flat().every((p) => p.valid)).toBe(true);
  });
});
