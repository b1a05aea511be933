import { describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { CliWorkspace } from '../helpers/cli.js';
import { FileStore } from '../../src/storage/file-store.js';
import type { BlobStore } from '../../src/storage/blob-store.js';
import { backup as runBackup } from '../../src/ops/backup/backup.js';
import { parseWriterCredential } from '../../src/keys/writer-credential.js';
import { parseSourceSpec } from '../../src/sources/spec.js';
import { systemClock } from '../../src/util/clock.js';

/** The attacker's agent: it does not see (or ignores) configs after the one that revoked it. */
function staleConfigView(inner: BlobStore, maxSeq: number): BlobStore {
  return new Proxy(inner, {
    get(target, prop) {
      if (prop === 'list') {
        return async (prefix: string) => (await target.list(prefix)).filter((v) => !v.key.startsWith('config/') || Number(v.key.slice(7)) <= maxSeq);
      }
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

interface SnapshotRow {
  id: string;
  writer: string;
  warnings: string[];
}

describe('writers and recipients', async () => {
  const ws = new CliWorkspace();
  await ws.setupQuick();
  await ws.hereOk(['vault', 'enroll', '--store', ws.store, '--identity', 'id.json', '--label', 'laptop', '--out', 'laptop.json']);
  const src = join(ws.dir, 'cfg');
  mkdirSync(src);
  const op = (...cmd: string[]) => [...cmd, '--store', ws.store, '--identity', 'id.json'];
  const backup = async (writer: string, content: string) => {
    writeFileSync(join(src, 'app.conf'), content);
    return (await ws.hereJson<{ snapshot: string }>(['backup', '--store', ws.store, '--writer', writer, '--source', `cfg=dir:${src}`])).snapshot;
  };

  it('a writer revoked at time T: its later snapshots are untrusted in snapshots and posture, earlier ones are not', async () => {
    const before = await backup('laptop.json', 'v1\n');
    const other = await backup('writer.json', 'v2\n');
    const list = await ws.hereJson<{ writer: string; label: string; revoked: string | null; lastSnapshot: string | null }[]>(op('vault', 'writers'));
    expect(list.map((w) => [w.label, w.revoked, !!w.lastSnapshot])).toEqual([['ci', null, true], ['laptop', null, true]]);
    const revoked = (await ws.hereJson<{ revoked: string }>(op('vault', 'revoke', '--writer', 'laptop'))).revoked;
    expect((await ws.here(op('vault', 'revoke', '--writer', 'laptop'))).stderr).toMatch(/already revoked/);
    expect((await ws.here(['backup', '--store', ws.store, '--writer', 'laptop.json', '--source', `cfg=dir:${src}`])).stderr).toMatch(/was revoked/);
    // A stolen credential in a modified agent still signs and puts; the vault cannot stop a put.
    writeFileSync(join(src, 'app.conf'), 'v3 written by a stolen credential\n');
    const store = staleConfigView(await FileStore.open(ws.store.slice('file://'.length)), 3);
    const credential = parseWriterCredential(JSON.parse(readFileSync(join(ws.dir, 'laptop.json'), 'utf8')), 'laptop.json');
    const after = (await runBackup({ store, credential, sources: [parseSourceSpec(`cfg=dir:${src}`)], excludes: [], tags: [], clock: systemClock, cacheRoot: join(ws.dir, 'attacker-cache') })).snapshot;
    const snaps = (await ws.hereJson<{ snapshots: SnapshotRow[] }>(op('snapshots'))).snapshots;
    const warn = (id: string) => snaps.find((s) => s.id === id)!.warnings;
    expect(warn(before)).toEqual([]);
    expect(warn(other)).toEqual([]);
    expect(warn(after)).toEqual([`written by revoked writer "laptop" (revoked ${revoked})`]);
    const posture = JSON.parse((await ws.here([...op('posture'), '--json'])).stdout) as { untrustedSnapshots: string[] }; // exit 1: a local vault is not immutable
    expect(posture.untrustedSnapshots).toEqual([expect.stringMatching(new RegExp(`^${after}.*revoked writer "laptop"`))]);
    const listed = await ws.hereJson<{ label: string; revoked: string | null }[]>(op('vault', 'writers'));
    expect(listed.find((w) => w.label === 'laptop')!.revoked).toBe(revoked);
  });

  it('a break-glass recipient reads backups made after it was added, not before; removed, not after', async () => {
    const glass = new CliWorkspace();
    await glass.quickIdentity('glass.json');
    const glassId = join(glass.dir, 'glass.json');
    writeFileSync(join(src, 'unchanged.conf'), 'the same before and after the safe\n');
    const old = await backup('writer.json', 'before the safe\n');
    const added = await ws.hereOk([...op('vault', 'recipients', 'add'), '--recipient', glassId, '--label', 'safe']);
    expect(added.stdout).toMatch(/existing ones are not/);
    const fresh = await backup('writer.json', 'after the safe\n');
    const asGlass = (args: string[]) => glass.here([...args, '--store', ws.store, '--identity', glassId]);
    const read = await asGlass(['restore', `${fresh}:cfg`, '--target', join(glass.dir, 'fresh')]);
    expect([read.code, read.stderr]).toEqual([0, '']);
    // unchanged.conf was stored before the safe was added: the new backup stored it again for the safe.
    expect(readFileSync(join(glass.dir, 'fresh', 'unchanged.conf'), 'utf8')).toBe('the same before and after the safe\n');
    const denied = await asGlass(['restore', `${old}:cfg`, '--target', join(glass.dir, 'old')]);
    expect(denied.code).not.toBe(0);
    const fp = (await glass.hereJson<{ fingerprints: { recipient: string } }>(['keys', 'show', '--identity', 'glass.json'])).fingerprints.recipient;
    await ws.hereOk([...op('vault', 'recipients', 'remove'), '--fingerprint', fp]);
    const later = await backup('writer.json', 'after removal\n');
    expect((await asGlass(['restore', `${later}:cfg`, '--target', join(glass.dir, 'later')])).code).not.toBe(0);
  });
});
