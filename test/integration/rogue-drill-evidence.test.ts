import { describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliWorkspace } from '../helpers/cli.js';
import { tempDir } from '../helpers/vault.js';
import { FileStore } from '../../src/storage/file-store.js';
import { createConsoleHost } from '../../src/host/console/console-host.js';
import { defaultHost } from '../../src/host/context.js';
import { consoleClient } from '../helpers/console-client.js';

const SCENARIO = 'name: app-loss\ndescription: the app folder is lost\nlost:\n  kinds: [dir]\n  sources: [app]\ntargets:\n  rtoMinutes: 30\n  rpoHours: 24\n';

/**
 * Round 5. Drill reports are evidence for auditors: signed with the custody key, locked in the vault.
 * A writer that can write the vault's folder (a local vault's agent can create any file) cannot sign
 * one, but it can copy one: a genuine passed report of another vault the same identity keeps (the
 * signature verifies: same custody key; the copy sits at the key its body names) made this vault's
 * Drills page show a drill it never ran; one copied under another key of the same vault counted the
 * same drill twice. Each is now refused and listed apart.
 */
describe("a genuine drill report copied where it is not this vault's evidence", () => {
  it('a report of another vault of the same identity, and a copy under another key, are refused, never listed as drills', async () => {
    const ws = new CliWorkspace();
    await ws.setupQuick();
    mkdirSync(join(ws.dir, 'app'));
    writeFileSync(join(ws.dir, 'app/config.yaml'), 'replicas: 3\n');
    writeFileSync(join(ws.dir, 'scenario.yaml'), SCENARIO);
    await ws.hereOk(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', `app=dir:${join(ws.dir, 'app')}`]);
    const drill = await ws.hereJson<{ passed: boolean }>(['drill', 'run', './scenario.yaml', '--store', ws.store, '--identity', 'id.json', '--sandbox', 'sandbox']);
    expect(drill.passed).toBe(true);
    const vaultA = await FileStore.create(ws.store.slice('file://'.length));
    const [key] = (await vaultA.list('drills/')).map((o) => o.key);
    const genuine = await vaultA.get(key!);

    // A second vault of the same identity, which never ran a drill; its writer copies the report in.
    const storeB = `file://${join(ws.dir, 'vault-b')}`;
    await ws.hereOk(['vault', 'init', '--store', storeB, '--identity', 'id.json']);
    const vaultB = await FileStore.create(storeB.slice('file://'.length));
    const lock = { retainUntil: new Date(Date.now() + 86_400_000) };
    await vaultB.put(key!, genuine, lock);
    // And in the first vault, the same report again under a newer key.
    await vaultA.put('drills/20991231T000000Z-00112233445566ff.json', genuine, lock);

    const verify = await ws.here(['drill', 'verify', key!, '--store', storeB]);
    expect(verify.code).not.toBe(0);
    expect(verify.stderr).toMatch(/is a report of vault \S+, not of this vault .*copied here/);

    const dir = tempDir('bulkhead-console-');
    const core = createConsoleHost({ ...defaultHost(), cacheRoot: join(dir, 'cache') }, join(dir, 'console.db'));
    try {
      const { ok } = consoleClient(core);
      const a = (await ok('vaults.add', { name: 'a', url: ws.store, identityPath: join(ws.dir, 'id.json') })).id;
      const b = (await ok('vaults.add', { name: 'b', url: storeB, identityPath: join(ws.dir, 'id.json') })).id;
      await ok('session.unlock', { identity: { path: join(ws.dir, 'id.json') }, passphrase: ws.env.BULKHEAD_PASSPHRASE });
      const listB = await ok('drills.list', { vaultId: b });
      expect(listB.drills).toEqual([]);
      expect(listB.refused).toEqual([expect.stringMatching(/not of this vault/)]);
      const listA = await ok('drills.list', { vaultId: a });
      expect(listA.drills.map((d) => d.key)).toEqual([key]);
      expect(listA.refused).toEqual([expect.stringMatching(new RegExp(`^drills/20991231T000000Z-00112233445566ff\\.json: a copy of ${key}`))]);
    } finally {
      core.close();
    }
  });
});
