import { describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliWorkspace } from '../helpers/cli.js';
import { RogueWriter } from '../helpers/rogue-tree.js';
import { FileStore } from '../../src/storage/file-store.js';
import { parseWriterCredential } from '../../src/keys/writer-credential.js';

interface Diff {
  sources: { name: string; status: string; note?: string; counts: { added: number; removed: number; changed: number } }[];
}

/** The red team's glob: an extglob picomatch compiled to nested quantifiers, exponential on names of a dozen characters. */
const REDOS = `${'*(*)'.repeat(16)}#`;
/** Well under the test's own timeout: before the fix this diff ran at 100% CPU for minutes. */
const DIFF_MOST_MS = 30_000;

/**
 * A dir source's excludes are recorded in the snapshot so that a live diff leaves out the same
 * paths, and they are the writer's word: a hijacked agent signs a glob that costs the operator's
 * `diff --live` (and the console's live diff) unbounded CPU on the first long name it meets.
 */
describe("a writer's exclude glob that backtracks without end", () => {
  it('makes its source "not-comparable" with why, at once; the other sources are compared; the agent\'s CLI refuses such a glob', async () => {
    const ws = new CliWorkspace();
    await ws.setupQuick();
    const [etc, app] = [join(ws.dir, 'etc'), join(ws.dir, 'app')];
    mkdirSync(etc);
    mkdirSync(app);
    writeFileSync(join(etc, `${'long-configuration-file-name'.repeat(3)}.conf`), 'x=1\n');
    writeFileSync(join(app, 'deploy.yaml'), 'replicas: 3\n');
    const credential = parseWriterCredential(JSON.parse(readFileSync(join(ws.dir, 'writer.json'), 'utf8')), 'writer.json');
    const rogue = await RogueWriter.open(await FileStore.open(ws.store.slice('file://'.length)), credential);
    const forged = await rogue.snapshot([
      { name: 'cfg', locator: etc, root: await rogue.tree([]), excludes: [REDOS], stats: { files: 0, dirs: 1, bytes: 0 } },
      { name: 'app', locator: app, root: await rogue.tree([await rogue.file('deploy.yaml', 'replicas: 2\n')]), stats: { files: 1, dirs: 1, bytes: 12 } },
    ]);

    const started = performance.now();
    const live = await ws.runAsync([...ws.operator('diff', forged.slice(0, 16), '--live'), '--json'], DIFF_MOST_MS);
    expect(live.code, live.stderr).toBe(0);
    expect(performance.now() - started).toBeLessThan(DIFF_MOST_MS);
    const sources = (JSON.parse(live.stdout) as Diff).sources;
    expect(sources.map((s) => [s.name, s.status])).toEqual([['app', 'compared'], ['cfg', 'not-comparable']]);
    expect(sources[0]!.counts.changed).toBe(1);
    expect(sources[1]!.note).toMatch(/^the snapshot's exclude glob "\*\(\*\)\*\(\*\).*" refused: "\(" must be escaped .*; the live folder was not compared$/);

    const text = await ws.here(ws.operator('diff', forged.slice(0, 16), '--live'));
    expect(text.stdout).toMatch(/^cfg \(dir\) \[not-comparable\]: \+0 -0 M0 — the snapshot's exclude glob "\*\(\*\).*" refused: .*; the live folder was not compared$/m);

    // the agent's own CLI: the same glob is a usage error, before anything is read or stored
    const agent = await ws.here(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', `cfg=dir:${etc}`, '--exclude', '*.tmp', '--exclude', REDOS]);
    expect(agent.code).toBe(2);
    expect(agent.stderr).toMatch(/--exclude: exclude glob "\*\(\*\).*" refused: "\(" must be escaped \("\\\("\): groups, alternatives, extglobs and braces are not supported/);
    const escaped = await ws.here(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', `cfg=dir:${etc}`, '--exclude', `${'\\(*\\)'.repeat(3)}#`]);
    expect(escaped.code).toBe(2);
    expect(escaped.stderr).toMatch(/refused: more than 2 "\*" in one path segment/);
  });
});
