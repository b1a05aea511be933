import { describe, expect, it } from 'vitest';
import { keyKind, probeKey } from './key-grammar.js';
import { configKey } from './config.js';
import { snapshotKey } from './snapshot.js';
import { packKey } from './blob-index.js';

const hex64 = 'ab'.repeat(32);

describe('the key grammar: what Bulkhead writes and nothing else', () => {
  it('knows every key the vault writers produce', () => {
    expect(keyKind(configKey(1))).toBe('config');
    expect(keyKind(configKey(12345678))).toBe('config');
    expect(keyKind(packKey(hex64))).toBe('data');
    expect(keyKind(`index/${hex64}`)).toBe('index'); // before 0.4
    expect(keyKind(`index/ABCDEFGHIJKLMNOPQRSTUVWXYZ/${hex64}`)).toBe('index'); // a writer's prefix
    expect(keyKind(snapshotKey('2025-01-02T03:04:05.678Z', '0123456789abcdef'))).toBe('snapshot');
    expect(keyKind('drills/20250102T030405Z-0123456789abcdef.json')).toBe('drill');
    expect(keyKind(probeKey(new Date('2025-01-02T03:04:05.678Z'), '0123456789abcdef'))).toBe('probe');
  });

  it('calls anything else foreign', () => {
    for (const k of ['index/has space', 'snapshots/x', 'snapshots/zzz', 'data/zz/notahash', 'data/xx/bad', `data/cd/${hex64}`, 'whatever/y', 'other/thing', 'config/1', 'config/000000001', `index/${hex64}/x`, `index/abcdefghijklmnopqrstuvwxyz/${hex64}`, `index/ABC/${hex64}`, `index/ABCDEFGHIJKLMNOPQRSTUVWXYZ/x/${hex64}`, '', 'config/00000001 ']) {
      expect(keyKind(k), k).toBeUndefined();
    }
  });

  it('tells a pack by its first two hex digits, at their place', () => {
    const sha = 'cd' + 'ab'.repeat(31);
    expect(keyKind(`data/cd/${sha}`)).toBe('data');
    for (const k of [`data/dc/${sha}`, `data/cb/${sha}`, `data/ce/${sha}`, `data/cd/${sha}0`, `data/cd/${sha.slice(1)}`, `data/cd/${sha.toUpperCase()}`, `data/cd//${sha}`, 'data', 'data/', 'snapshots', 'index']) {
      expect(keyKind(k), k).toBeUndefined();
    }
  });
});
