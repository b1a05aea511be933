import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeVault, tempDir } from '../helpers/vault.js';
import { backup } from '../../src/ops/backup/backup.js';
import { openVault } from '../../src/ops/open-vault.js';
import { parseSourceSpec } from '../../src/sources/spec.js';
import { listSnapshots } from '../../src/vault/snapshot-list.js';
import { RecoveryIdentity } from '../../src/keys/identity.js';
import { countingReads } from '../helpers/counting-store.js';

describe('the operator cache of opened snapshots', () => {
  it('reads only new snapshot objects, lists the same snapshots, and still applies today\'s config', async () => {
    const v = await makeVault();
    const src = tempDir();
    const once = async (i: number) => {
      writeFileSync(join(src, 'state.txt'), `hour ${i}\n`);
      await backup({ store: v.store, credential: v.writer, sources: [parseSourceSpec(`s=dir:${src}`)], excludes: [], tags: [], clock: v.clock, cacheRoot: v.cacheRoot });
    };
    for (let i = 0; i < 3; i++) await once(i);
    const cacheRoot = tempDir();
    const first = countingReads(v.store, 'snapshots/');
    const listed = await (await openVault(first.store, v.identity, cacheRoot)).snapshots();
    expect(first.reads()).toBe(3);
    await once(3);
    const second = countingReads(v.store, 'snapshots/');
    const again = await (await openVault(second.store, v.identity, cacheRoot)).snapshots();
    expect(second.reads()).toBe(1); // only the new one
    expect(again.snapshots.slice(0, 3).map((s) => [s.id, s.hash, s.at])).toEqual(listed.snapshots.map((s) => [s.id, s.hash, s.at]));
    expect(again.snapshots).toHaveLength(4);

    // The writer revoked since: snapshots known from the cache carry the warning all the same.
    const reader = await openVault(v.store, v.identity, cacheRoot);
    const revoked = { ...reader.config, writers: reader.config.writers.map((w) => ({ ...w, revoked: '2000-01-01T00:00:00.000Z' })) };
    const judged = await listSnapshots(v.store, revoked, v.identity, { cacheDir: reader.cacheDir });
    expect(judged.snapshots.every((s) => s.warnings.some((w) => w.includes('revoked writer')))).toBe(true);

    // Another identity's cache file is never read as this one's (it could not open the snapshots anyway).
    await expect(listSnapshots(v.store, reader.config, RecoveryIdentity.generate(), { cacheDir: reader.cacheDir })).rejects.toMatchObject({ code: 'NEEDS_IDENTITY' });
  });
});
