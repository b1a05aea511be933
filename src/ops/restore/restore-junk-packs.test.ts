import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { makeVault, tempDir } from '../../../test/helpers/vault.js';
import { countingListings } from '../../../test/helpers/counting-store.js';
import { describeTree } from '../../../test/helpers/tree.js';
import { backup } from '../backup/backup.js';
import { restore } from './restore.js';
import { openVault } from '../open-vault.js';
import { parseSourceSpec } from '../../sources/spec.js';
import { DAY_MS } from '../../util/clock.js';

/**
 * A restore that reads more than a few packs looked up their first versions by listing all of
 * `data/`, where a hijacked agent's junk lies too (600,000 objects: 14 s and 500 MB for every such
 * restore). It now names its packs ahead and looks up only those.
 */
describe('a restore of many packs beside junk under data/', () => {
  it('looks up its own packs, never listing all of data/, and restores every file', async () => {
    const v = await makeVault();
    const src = tempDir();
    for (let i = 0; i < 48; i++) writeFileSync(join(src, `f${i}`), randomBytes(60_000)); // 256 KiB packs: several
    await backup({ store: v.store, credential: v.writer, sources: [parseSourceSpec(`d=dir:${src}`)], excludes: [], tags: [], clock: v.clock, cacheRoot: v.cacheRoot });
    for (let i = 0; i < 300; i++) {
      const id = randomBytes(32).toString('hex');
      await v.store.put(`data/${id.slice(0, 2)}/${id}`, Buffer.from('junk'), { retainUntil: new Date(Date.now() + DAY_MS) });
    }
    const counted = countingListings(v.store, 'data/');
    const reader = await openVault(counted.store, v.identity, tempDir('bulkhead-cache-'));
    const target = join(tempDir(), 'out');
    const out = await restore({ reader, snapshot: 'latest', path: 'd', target, dryRun: false, overwrite: false });
    expect(out.failures).toEqual([]);
    expect(describeTree(target)).toEqual(describeTree(src));
    expect(reader.index.packs.size).toBeGreaterThan(8);
    expect(counted.asked.filter((a) => a === 'list data/' || a === 'pages data/')).toEqual([]);
    expect(counted.rows()).toBeLessThan(100); // its packs' rows, not the junk's
    reader.close();
  });
});
