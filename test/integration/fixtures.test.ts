import { describe, expect, it } from 'vitest';
import { lstatSync, readFileSync, readlinkSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FileStore } from '../../src/storage/file-store.js';
import { parseSealedIdentity, unsealIdentity } from '../../src/keys/sealed-identity.js';
import { openVault } from '../../src/ops/open-vault.js';
import { restore } from '../../src/ops/restore/restore.js';
import { checkVault } from '../../src/ops/inspect/check.js';
import { tempDir } from '../helpers/vault.js';
import { loadIndex } from '../../src/vault/load-index.js';

/** Every vault format this version must still read (test/fixtures/make-vault.ts wrote each). */
const FIXTURES = ['vault-v1', 'vault-index2', 'vault-flat-index'] as const;

describe.each(FIXTURES)('fixture vault %s', (name) => {
  const fixture = fileURLToPath(new URL(`../fixtures/${name}/`, import.meta.url));
  it('is still read, verified and restored by this version', async () => {
    const sealed = parseSealedIdentity(JSON.parse(readFileSync(join(fixture, 'identity.json'), 'utf8')), 'fixture identity');
    const identity = await unsealIdentity(sealed, Buffer.from('fixture passphrase'), 'fixture identity');
    const reader = await openVault(await FileStore.open(join(fixture, 'store')), identity, tempDir());
    const { snapshots, tampered } = await reader.snapshots();
    expect(tampered).toEqual([]);
    expect(snapshots).toHaveLength(1);
    expect(snapshots[0]!.manifest.tags).toEqual(['fixture']);
    expect(snapshots[0]!.writerLabel).toBe('fixture-agent');
    const check = await checkVault(reader, { readData: true });
    expect(check.problems).toEqual([]);

    const target = join(tempDir(), 'out');
    const result = await restore({ reader, snapshot: 'latest', path: '', target, dryRun: false, overwrite: false });
    expect(result.failures).toEqual([]);
    expect(readdirSync(target).sort()).toEqual(['app', 'db']);
    expect(readFileSync(join(target, 'db'), 'utf8')).toBe('dump v1\n');
    expect(readFileSync(join(target, 'app/etc/app/config.yaml'), 'utf8')).toBe('replicas: 3\n');
    expect(lstatSync(join(target, 'app/etc/app/config.yaml')).mtimeMs).toBe(1_700_000_000_000);
    expect(readFileSync(join(target, 'app/etc/app/big.txt'), 'utf8').split('\n')[19_999]).toBe('line 19999');
    expect(readlinkSync(join(target, 'app/link'))).toBe('etc/app/config.yaml');
    expect(readFileSync(join(target, 'app/zero'))).toHaveLength(0);
    expect(readdirSync(join(target, 'app/empty'))).toEqual([]);
    if (name === 'vault-index2') {
      // Signed segments; the small files are indexed only for the recipients, not for a writer.
      expect(reader.index.damagedSegments).toEqual([]);
      const writerView = await loadIndex(await FileStore.open(join(fixture, 'store')), reader.keys.indexKey, reader.config.writers);
      expect(writerView.size).toBeGreaterThan(0);
      expect(writerView.size).toBeLessThan(reader.index.size);
    }
  });
});
