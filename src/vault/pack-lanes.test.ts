import { describe, expect, it } from 'vitest';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { INLINE_BYTES, PackLanes, type FinishedPack } from './pack-lanes.js';

const MiB = 1024 * 1024;
const recipient = (): Buffer => Buffer.from(generateKeyPairSync('x25519').publicKey.export({ format: 'der', type: 'spki' }).subarray(-32));

/** Adds `count` random 1 MiB blobs; returns the lanes (flushed) and every blob id the delivered packs hold. */
async function pack(count: number): Promise<{ lanes: PackLanes; stored: string[] }> {
  const packs: FinishedPack[] = [];
  const lanes = new PackLanes([recipient()], 16 * MiB, async (p) => void packs.push(p), false);
  try {
    for (let i = 0; i < count; i++) await lanes.add('data', `blob-${i}`, randomBytes(MiB));
    await lanes.flush();
  } finally {
    await lanes.close();
  }
  return { lanes, stored: packs.flatMap((p) => p.entries.map((e) => e[0])).sort() };
}

describe('pack lanes', () => {
  it('packs a backup of a few MiB on the main thread without starting a worker (a small git repository)', async () => {
    const { lanes, stored } = await pack(12);
    expect(lanes.workersStarted).toBe(0);
    expect(stored).toEqual(Array.from({ length: 12 }, (_, i) => `blob-${i}`).sort());
  });

  it('starts a worker once a backup adds more than the inline share', async () => {
    const count = INLINE_BYTES / MiB + 2;
    const { lanes, stored } = await pack(count);
    expect(lanes.workersStarted).toBeGreaterThan(0);
    expect(stored).toHaveLength(count);
  });
});
