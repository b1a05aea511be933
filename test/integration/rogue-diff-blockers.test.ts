import { describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliWorkspace } from '../helpers/cli.js';
import { RogueWriter } from '../helpers/rogue-tree.js';
import { FileStore } from '../../src/storage/file-store.js';
import { parseWriterCredential } from '../../src/keys/writer-credential.js';

interface Diff {
  from: string;
  to: string;
  sources: { name: string; status: string; note?: string }[];
}

/**
 * The hijacked agent is the one that backs up the team's folder too: beside it, its snapshots hold a
 * source of its own that cannot be compared (a forge locator that does not parse, a tree the vault
 * does not hold). The diff reported that one error and nothing else, hiding what changed in every
 * other source of the snapshot, on the CLI and in the console alike.
 */
describe("a writer's source that cannot be compared, in a diff", () => {
  it('is that source\'s "not-comparable", with why; every other source is compared', async () => {
    const ws = new CliWorkspace();
    await ws.setupQuick();
    const infra = join(ws.dir, 'infra');
    mkdirSync(infra);
    writeFileSync(join(infra, 'deploy.yaml'), 'replicas: 3\n');
    const first = await ws.hereJson<{ snapshot: string }>(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', `infra=dir:${infra}`]);
    const credential = parseWriterCredential(JSON.parse(readFileSync(join(ws.dir, 'writer.json'), 'utf8')), 'writer.json');
    const rogue = await RogueWriter.open(await FileStore.open(ws.store.slice('file://'.length)), credential);
    const forged = await rogue.snapshot([
      { name: 'infra', locator: infra, root: await rogue.tree([await rogue.file('deploy.yaml', 'replicas: 0\n')]), stats: { files: 1, dirs: 1, bytes: 12 } },
      { name: 'ev-gh', kind: 'github', locator: 'github:github:acme', root: await rogue.tree([]) },
      { name: 'ev-gone', root: 'f'.repeat(64) },
    ]);
    writeFileSync(join(infra, 'deploy.yaml'), 'replicas: 5\n');

    const live = await ws.here([...ws.operator('diff', forged.slice(0, 16), '--live'), '--json']);
    expect(live.code).toBe(0);
    const l = JSON.parse(live.stdout) as Diff;
    expect(l.sources.map((s) => [s.name, s.status])).toEqual([['ev-gh', 'not-comparable'], ['ev-gone', 'not-comparable'], ['infra', 'compared']]);
    expect(l.sources[0]!.note).toMatch(/^cannot be compared: "github:[^"]*" is not a GitHub source/);
    expect(l.sources[1]!.note).toMatch(/^cannot be compared: tree ffffffffffff cannot be read/);

    const between = JSON.parse((await ws.hereOk([...ws.operator('diff', first.snapshot.slice(0, 16), forged.slice(0, 16)), '--json'])).stdout) as Diff;
    expect(between.sources.map((s) => [s.name, s.status])).toEqual([['ev-gh', 'added'], ['ev-gone', 'not-comparable'], ['infra', 'compared']]);
  });
});
