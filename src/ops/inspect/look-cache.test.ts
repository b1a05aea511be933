import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { SnapshotInfo } from '../../vault/snapshot-list.js';
import { KEY_RULES, lookKey } from './look-cache.js';

const snap = (i: number, at = `2026-01-01T${String(i % 24).padStart(2, '0')}:00:00.000Z`): SnapshotInfo =>
  ({ hash: i.toString(16).padStart(64, '0'), id: i.toString(16).padStart(16, '0'), at, writerId: `W${i % 3}` }) as SnapshotInfo;

describe('a look’s key', () => {
  // the snapshots are hashed a few hundred at a time: no line may be lost or doubled at a seam
  it('is the digest of every snapshot’s line, whatever their number', () => {
    for (const n of [0, 1, 255, 256, 257, 700]) {
      const snapshots = Array.from({ length: n }, (_, i) => snap(i));
      const plain = createHash('sha256').update(`${KEY_RULES}\n\n`);
      for (const s of snapshots) plain.update(`${s.hash} ${s.id} ${s.at} ${s.writerId}\n`);
      expect(lookKey(snapshots, new Set())).toBe(plain.digest('hex'));
    }
  });

  it('changes with any snapshot’s time, the order and the revoked writers', () => {
    const snapshots = Array.from({ length: 600 }, (_, i) => snap(i));
    const key = lookKey(snapshots, new Set());
    expect(lookKey(snapshots.map((s, i) => (i === 256 ? snap(i, '2026-02-01T00:00:00.000Z') : s)), new Set())).not.toBe(key);
    expect(lookKey([...snapshots.slice(0, 255), snapshots[256]!, snapshots[255]!, ...snapshots.slice(257)], new Set())).not.toBe(key);
    expect(lookKey(snapshots, new Set(['W1']))).not.toBe(key);
  });
});
