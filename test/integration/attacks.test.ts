import { describe, expect, it } from 'vitest';
import { chmodSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { CliWorkspace } from '../helpers/cli.js';
import { tempDir } from '../helpers/vault.js';
import { FileStore } from '../../src/storage/file-store.js';
import { parseSealedIdentity, unsealIdentity } from '../../src/keys/sealed-identity.js';
import { openVault } from '../../src/ops/open-vault.js';
import { locate } from '../../src/vault/browse.js';

const vaultFiles = (ws: CliWorkspace, prefix: string) =>
  readdirSync(join(ws.dir, 'vault', prefix), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));

async function locateFirstBlob(ws: CliWorkspace, source: string, file: string): Promise<{ pack: string; offset: number }> {
  const sealed = parseSealedIdentity(JSON.parse(readFileSync(join(ws.dir, 'id.json'), 'utf8')), 'id.json');
  const identity = await unsealIdentity(sealed, Buffer.from(ws.env.BULKHEAD_PASSPHRASE!), 'id.json');
  const reader = await openVault(await FileStore.open(join(ws.dir, 'vault')), identity, tempDir());
  const snap = (await reader.snapshots()).snapshots[0]!;
  const { entry } = await locate(reader, snap.manifest, `${source}/${file}`);
  const loc = reader.index.get(entry!.blobs![0]!)!;
  reader.close();
  return { pack: loc.pack, offset: loc.offset };
}

/** Edits a vault file the way an attacker with raw disk access would (the API refuses to). */
function edit(path: string, change: (b: Buffer) => Buffer): void {
  chmodSync(path, 0o644);
  writeFileSync(path, change(readFileSync(path)));
  chmodSync(path, 0o444);
}

describe('reading through damage and tampering', () => {
  it('a flipped byte in a pack: check names the pack and the file; the other files still restore', async () => {
    const ws = new CliWorkspace();
    await ws.setupQuick();
    const src = join(ws.dir, 'src');
    mkdirSync(src);
    writeFileSync(join(src, 'victim.bin'), randomBytes(3_000_000));
    writeFileSync(join(src, 'bystander.bin'), randomBytes(3_000_000));
    await ws.hereOk(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', 'dir:src']);
    // Find where victim.bin's first chunk lives, as an attacker with the index could.
    const { pack, offset } = await locateFirstBlob(ws, 'src', 'victim.bin');
    const packPath = join(ws.dir, 'vault', 'data', pack.slice(0, 2), pack);
    edit(packPath, (b) => {
      b[offset + 100]! ^= 0xff;
      return b;
    });
    const check = await ws.here(ws.operator('check', '--read-data'));
    expect(check.code).toBe(5); // verification failed
    expect(check.stdout).toContain(pack);
    expect(check.stdout).toMatch(/affects [0-9a-f]+:src\/victim\.bin/);
    expect(check.stdout).not.toMatch(/affects [0-9a-f]+:src\/bystander\.bin/);
    const restore = await ws.here(ws.operator('restore', 'latest:src', '--target', 'out'));
    expect(restore.code).toBe(4); // restore incomplete
    expect(restore.stderr).toMatch(/not restored: victim\.bin/);
    expect(restore.stderr).toMatch(/restore incomplete: 1 of 2 files/);
    expect(readdirSync(join(ws.dir, 'out'))).toEqual(['bystander.bin']);
    expect(readFileSync(join(ws.dir, 'out', 'bystander.bin')).equals(readFileSync(join(src, 'bystander.bin')))).toBe(true);
  });

  it('an edited snapshot or config object is reported as tampered and refused', async () => {
    const ws = new CliWorkspace();
    await ws.setupQuick();
    mkdirSync(join(ws.dir, 'src'));
    writeFileSync(join(ws.dir, 'src', 'a'), 'a');
    await ws.hereOk(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', 'dir:src']);
    await ws.hereOk(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', 'dir:src']);
    const first = (await ws.hereJson<{ snapshots: { id: string }[] }>(ws.operator('snapshots'))).snapshots[0]!.id;
    const snap = vaultFiles(ws, 'snapshots').find((f) => f.endsWith(first))!;
    edit(snap, (b) => Buffer.from(b.toString('utf8').replace(/"time":"[^"]+"/, '"time":"2020-01-01T00:00:00.000Z"')));
    const listed = await ws.hereJson<{ snapshots: { id: string; warnings: string[] }[]; tampered: string[] }>(ws.operator('snapshots'));
    expect(listed.snapshots).toHaveLength(1);
    expect(listed.tampered.join()).toMatch(/signature does not verify/);
    // the second snapshot's chain names the first, which is now refused
    expect(listed.snapshots[0]!.warnings.join()).toMatch(/before it .* missing/);
    expect((await ws.here(ws.operator('check'))).code).toBe(5);

    const configs = vaultFiles(ws, 'config').sort();
    edit(configs[configs.length - 1]!, (b) => Buffer.from(b.toString('utf8').replace('"days":30', '"days":1')));
    const check = await ws.here(ws.operator('check'));
    expect(check.code).toBe(5);
    expect(check.stdout).toMatch(/config\/00000002 has a signature that does not verify/);
  });

  it('a restore when every snapshot was refused says they were tampered with, not "no snapshots yet"', async () => {
    const ws = new CliWorkspace();
    await ws.setupQuick();
    mkdirSync(join(ws.dir, 'src'));
    writeFileSync(join(ws.dir, 'src', 'a'), 'a');
    await ws.hereOk(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', 'dir:src']);
    const [snap] = vaultFiles(ws, 'snapshots');
    edit(snap!, (b) => Buffer.from(b.toString('utf8').replace(/"time":"[^"]+"/, '"time":"2020-01-01T00:00:00.000Z"')));
    for (const ref of ['latest', 'latest:src', snap!.slice(-16)]) {
      const r = await ws.here(ws.operator('restore', ref, '--target', join(ws.dir, 'out')));
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/the vault holds no snapshot that verifies: 1 snapshot object\(s\) in the vault were refused as tampered \(snapshots\/\S+: signature does not verify/);
      expect(r.stderr).not.toMatch(/run "bulkhead backup"/);
    }
  });

  it('writes no plaintext: a marker planted in the source appears nowhere in the vault', async () => {
    const ws = new CliWorkspace();
    await ws.setupQuick();
    const marker = `MARKER-${randomBytes(8).toString('hex')}`;
    mkdirSync(join(ws.dir, 'src'));
    writeFileSync(join(ws.dir, 'src', `${marker}.txt`), `secret: ${marker}\n`.repeat(100));
    await ws.hereOk(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', 'dir:src', '--source', `db=stream:echo ${marker}`]);
    for (const file of readdirSync(join(ws.dir, 'vault'), { recursive: true, withFileTypes: true })) {
      if (!file.isFile()) continue;
      const path = join(file.parentPath, file.name);
      expect(path).not.toContain(marker);
      expect(readFileSync(path).includes(marker), path).toBe(false);
    }
  });
});
