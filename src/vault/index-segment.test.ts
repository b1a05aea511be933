import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { ed25519Public } from '../crypto/sign.js';
import { fingerprint } from '../crypto/fingerprint.js';
import { open, seal } from '../crypto/aead.js';
import { compressBytes, decompressBytes } from './blob-codec.js';
import { openSegment, sealSegment, type IndexSegment } from './index-segment.js';
import type { WriterEntry } from './config.js';

const indexKey = randomBytes(32);
const segment: IndexSegment = {
  packs: [{ id: 'a'.repeat(64), size: 10, retainUntil: '2030-01-01T00:00:00.000Z', blobs: [['b'.repeat(64), 'data', 0, 10, 8]], recipients: ['R'] }],
  extended: [],
};
function writer(label: string, revoked?: string): { seed: Buffer; entry: WriterEntry } {
  const seed = randomBytes(32);
  const pub = ed25519Public(seed);
  return { seed, entry: { id: fingerprint(pub), label, publicKey: pub.toString('base64'), enrolled: '2026-01-01T00:00:00.000Z', ...(revoked && { revoked }) } };
}
const writers = (...ws: { entry: WriterEntry }[]) => new Map(ws.map((w) => [w.entry.id, w.entry]));

describe('signed index segments (format 2)', () => {
  it('round-trips, vouched by the enrolled writer that signed it', async () => {
    const w = writer('agent');
    const { key, bytes } = await sealSegment(segment, indexKey, { writerId: w.entry.id, seed: w.seed });
    const opened = await openSegment(bytes, indexKey, key, writers(w));
    expect(opened.segment).toEqual(segment);
    expect(opened.source).toEqual({ key, vouch: 'active', writer: w.entry.id });
  });

  it('names a revoked signer, a writer the config does not list, and a signature that does not verify', async () => {
    const revoked = writer('old', '2026-02-01T00:00:00.000Z');
    const r = await sealSegment(segment, indexKey, { writerId: revoked.entry.id, seed: revoked.seed });
    expect((await openSegment(r.bytes, indexKey, r.key, writers(revoked))).source.vouch).toBe('revoked');
    expect((await openSegment(r.bytes, indexKey, r.key, writers())).source.vouch).toBe('unknown-writer');
    // Someone with the index key (any writer credential) claims another writer's name.
    const victim = writer('victim');
    const attacker = writer('attacker');
    const forged = await sealSegment(segment, indexKey, { writerId: victim.entry.id, seed: attacker.seed });
    expect((await openSegment(forged.bytes, indexKey, forged.key, writers(victim))).source).toMatchObject({ vouch: 'bad-signature', writer: victim.entry.id });
  });

  it('refuses an edited body: the signature covers the exact bytes', async () => {
    const w = writer('agent');
    const { key, bytes } = await sealSegment(segment, indexKey, { writerId: w.entry.id, seed: w.seed });
    const plain = decompressBytes(open(indexKey, bytes, 'bulkhead/v1/index', key), 1 << 20).toString('utf8');
    const edited = seal(indexKey, compressBytes(Buffer.from(plain.replace('"size":10', '"size":11'))), 'bulkhead/v1/index');
    expect((await openSegment(edited, indexKey, key, writers(w))).source.vouch).toBe('bad-signature');
  });

  it('still reads unsigned format 1 segments, vouched by no one', async () => {
    const { key, bytes } = await sealSegment(segment, indexKey);
    expect(await openSegment(bytes, indexKey, key, writers())).toEqual({ segment, source: { key, vouch: 'unsigned' } });
  });
});
