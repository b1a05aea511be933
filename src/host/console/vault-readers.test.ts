import { describe, expect, it } from 'vitest';
import { keepTrees } from './vault-readers.js';
import { TreeCache } from '../../vault/tree-cache.js';
import type { VaultReader } from '../../vault/reader.js';

const reader = (vaultId: string, identity: string) => ({ config: { vaultId }, identity: { recipientFingerprint: identity }, trees: new TreeCache() }) as unknown as VaultReader;
const tree = { entries: [{ name: 'a', kind: 'file' as const, mode: 0o644, mtime: 0, size: 1 }], refused: [] };

describe('a re-read vault keeps the trees the last read decoded', () => {
  it('the same vault read by the same identity: kept', () => {
    const before = reader('v1', 'me');
    before.trees.set('t', tree);
    expect(keepTrees(before, reader('v1', 'me')).trees.get('t')).toBe(tree);
  });

  it('another vault behind the same record, or another identity, or no read before: nothing kept', () => {
    const before = reader('v1', 'me');
    before.trees.set('t', tree);
    expect(keepTrees(before, reader('v2', 'me')).trees.get('t')).toBeUndefined();
    expect(keepTrees(before, reader('v1', 'other')).trees.get('t')).toBeUndefined();
    expect(keepTrees(undefined, reader('v1', 'me')).trees.entriesHeld).toBe(0);
  });
});
