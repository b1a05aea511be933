import { describe, expect, it } from 'vitest';
import { chownSync, lchownSync, lstatSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeVault, tempDir } from '../helpers/vault.js';
import { BOTH_WRITE_PATHS, backupFolder, restoredFolder } from '../helpers/folder-restore.js';
import { backup } from '../../src/ops/backup/backup.js';
import { openVault } from '../../src/ops/open-vault.js';
import { diffSnapshots } from '../../src/ops/diff/diff.js';
import { verifyRestored } from '../../src/ops/restore/verify-restore.js';
import { snapshotFor } from '../../src/ops/snapshot-ref.js';
import { parseSourceSpec } from '../../src/sources/spec.js';
import { makeRepo } from '../helpers/git.js';

const owner = (p: string) => { const st = lstatSync(p); return `${st.uid}:${st.gid}`; };

/**
 * Configs belong to their services (/etc/app owned by app, a key readable by its group only): a
 * restore as root gave every file to root, and a service restarted on it could not read its own
 * configuration. Owners are recorded (numeric) and given back when the restore runs as root, the
 * one user that may give a file away; the read-back checks them.
 */
describe.runIf(process.geteuid?.() === 0)('owners, as root', () => {
  const src = tempDir();
  mkdirSync(join(src, 'conf.d'));
  writeFileSync(join(src, 'conf.d', 'svc.yaml'), 'replicas: 3\n');
  writeFileSync(join(src, 'key.pem'), 'secret\n', { mode: 0o2640 }); // setgid kept: the mode is set after the owner
  symlinkSync('key.pem', join(src, 'current.pem'));
  chownSync(join(src, 'conf.d'), 1234, 5678);
  chownSync(join(src, 'conf.d', 'svc.yaml'), 1234, 5678);
  chownSync(join(src, 'key.pem'), 0, 5678);
  lchownSync(join(src, 'current.pem'), 1234, 1234);
  chownSync(src, 4321, 8765);

  it.each(BOTH_WRITE_PATHS)('%s: files, folders, links and the source root get their owners back, and the read-back checks them', async (_how, workersFromBytes) => {
    const { reader, snapshot, target, result } = await restoredFolder(src, workersFromBytes);
    expect(result.failures).toEqual([]);
    for (const rel of ['', 'conf.d', 'conf.d/svc.yaml', 'key.pem', 'current.pem']) expect(owner(join(target, rel)), rel).toBe(owner(join(src, rel)));
    expect(lstatSync(join(target, 'key.pem')).mode & 0o7777).toBe(0o2640);
    const snap = await snapshotFor(reader, snapshot);
    expect(await verifyRestored(reader, snap, 's', target)).toEqual([]);
    chownSync(join(target, 'conf.d', 'svc.yaml'), 0, 0);
    expect(await verifyRestored(reader, snap, 's', target)).toEqual([{ type: 'changed', path: 'conf.d/svc.yaml', kind: 'file', fields: ['owner'] }]);
    reader.close();
  });

  it('a git mirror records no owner: its files belong to whoever runs the agent, not to the repository', async () => {
    const v = await makeVault();
    const repo = join(tempDir(), 'repo');
    makeRepo(repo, 3);
    const { snapshot } = await backup({ store: v.store, credential: v.writer, sources: [parseSourceSpec(`app=git:${repo}`), parseSourceSpec(`s=dir:${src}`)], excludes: [], tags: [], clock: v.clock, cacheRoot: v.cacheRoot });
    const reader = await openVault(v.store, v.identity, v.cacheRoot);
    const snap = await snapshotFor(reader, snapshot);
    const [app, dir] = ['app', 's'].map((n) => snap.manifest.sources.find((x) => x.name === n)!);
    expect([app!.uid, app!.gid]).toEqual([undefined, undefined]);
    expect([dir!.uid, dir!.gid]).toEqual([4321, 8765]);
    const entries = (await reader.tree(app!.root)).entries;
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.filter((e) => e.uid !== undefined || e.gid !== undefined)).toEqual([]);
    reader.close();
  });

  it('a live file given to another owner (chown -R by an agent) is a change in the diff against live', async () => {
    const v = await makeVault();
    const snapshot = await backupFolder(v, src);
    const reader = await openVault(v.store, v.identity, v.cacheRoot);
    expect((await diffSnapshots(reader, snapshot, 'live')).sources[0]!.changes).toEqual([]);
    chownSync(join(src, 'conf.d', 'svc.yaml'), 65534, 65534);
    try {
      const changes = (await diffSnapshots(reader, snapshot, 'live')).sources[0]!.changes;
      expect(changes).toMatchObject([{ type: 'changed', path: 'conf.d/svc.yaml', fields: ['owner'] }]);
    } finally {
      chownSync(join(src, 'conf.d', 'svc.yaml'), 1234, 5678);
      reader.close();
    }
  });
});
