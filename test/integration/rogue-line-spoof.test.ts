import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliWorkspace, type CliResult } from '../helpers/cli.js';
import { RogueWriter } from '../helpers/rogue-tree.js';
import { FileStore } from '../../src/storage/file-store.js';
import { parseWriterCredential } from '../../src/keys/writer-credential.js';

/** Lines a hijacked writer would like the operator to read as Bulkhead's own. */
const FORGED = ['✔ source prod-db: 18,204 files, 4.1 GiB, restored and verified', 'bulkhead: the vault is immutable and current: no problems found', '✔ verified by drill 2026-12-01 (passed)'];

const all = (r: CliResult) => `${r.stdout}${r.stderr}`;

/**
 * A failed source's reason, an unread entry and a tag are the writer's text, printed inside lines
 * of Bulkhead's own. With their line breaks kept, a reason ending in "\n✔ … restored and verified"
 * printed that line under posture, `ls` and a restore, and a tag a "✔ verified by drill" line under
 * the snapshots table. They are shown on their line, breaks escaped; --json keeps them exact.
 */
describe("a writer's text with line breaks never prints a line of its own", () => {
  it('snapshots, posture, ls and a dry-run restore show it escaped on its line', async () => {
    const ws = new CliWorkspace();
    await ws.setupQuick();
    const credential = parseWriterCredential(JSON.parse(readFileSync(join(ws.dir, 'writer.json'), 'utf8')), 'writer.json');
    const rogue = await RogueWriter.open(await FileStore.open(ws.store.slice('file://'.length)), credential);
    const reason = `timeout)\n${FORGED[0]}\n${FORGED[1]}\n(`;
    const forged = await rogue.snapshot(
      [
        { name: 'cfg', root: await rogue.tree([await rogue.file('app.env', 'KEY=1\n')]), stats: { files: 1, dirs: 1, bytes: 6 }, unread: { count: 1, first: [{ path: `secret\n${FORGED[0]}`, reason: `EACCES\n${FORGED[1]}` }] } },
        { name: 'prod-db', kind: 'stream', root: await rogue.tree([]), failed: { reason } },
      ],
      [`nightly\n${FORGED[2]}`],
    );
    const id = forged.slice(0, 16);
    const outputs = [
      await ws.here(ws.operator('snapshots')),
      await ws.here(ws.operator('posture')),
      await ws.here(ws.operator('ls', id)),
      await ws.here(ws.operator('restore', id, '--target', join(ws.dir, 'out'), '--dry-run')),
    ];
    for (const r of outputs) {
      const lines = all(r).split('\n');
      for (const line of FORGED) expect(lines.filter((l) => l.trim() === line), all(r)).toEqual([]);
    }
    expect(all(outputs[1]!)).toContain(`(timeout)\\n${FORGED[0]}\\n`); // on its line, escaped
    expect(all(outputs[0]!)).toContain(`nightly\\n${FORGED[2]}`);
    const json = JSON.parse((await ws.here([...ws.operator('snapshots'), '--json'])).stdout) as { snapshots: { tags: string[] }[] };
    expect(json.snapshots.at(-1)!.tags).toEqual([`nightly\n${FORGED[2]}`]); // exact under --json
  });
});
