import { describe, expect, it } from 'vitest';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INLINE_BYTES, PackLanes, type FinishedPack } from './pack-lanes.js';
import { x25519Public } from '../crypto/wrap.js';
import { sha256Hex } from '../crypto/blob-id.js';
import { MAX_DATA_BLOB, decodeBlob } from './blob-codec.js';
import { openBlobBox, readFooter, type BlobType } from './pack.js';

const MiB = 1024 * 1024;
/** What a store does with a finished pack: its bytes (a staged file is read, then removed, as putStaged does). */
function bytesOf(p: FinishedPack): Buffer {
  if ('bytes' in p.body) return Buffer.from(p.body.bytes);
  const bytes = readFileSync(p.body.path);
  expect(bytes.length).toBe(p.body.size);
  unlinkSync(p.body.path);
  return bytes;
}

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

  it.each([
    ['reuses pack and batch buffers', false],
    ['builds packs as files in the staging folder', true],
  ])('%s: every pack, kept as it was handed over, opens to the blobs that went in', async (_, staged) => {
    const staging = staged ? mkdtempSync(join(tmpdir(), 'bulkhead-staging-')) : undefined;
    const secret = randomBytes(32);
    const kept: { id: string; bytes: Buffer }[] = [];
    // Small packs, so that each worker's buffers go round many times; one blob larger than a batch and than a pack buffer.
    // Each upload takes a moment (the workers go on packing meanwhile); what is kept is the pack as it is at the end of it.
    const upload = async (p: FinishedPack) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      kept.push({ id: p.id, bytes: bytesOf(p) });
    };
    const lanes = new PackLanes([x25519Public(secret)], MiB, upload, false, staging);
    const added = new Map<string, { type: BlobType; plain: Buffer }>();
    const sizes = [...Array.from({ length: 400 }, (_, i) => (i % 7 === 0 ? 300_000 : 700 + i)), 6 * MiB, ...Array.from({ length: 40 }, () => MiB)];
    try {
      for (const [i, size] of sizes.entries()) {
        const plain = i % 3 === 0 ? Buffer.alloc(size, i % 251) : randomBytes(size); // compressible and not
        const type: BlobType = i % 50 === 0 ? 'tree' : 'data';
        added.set(`blob-${i}`, { type, plain: Buffer.from(plain) });
        await lanes.add(type, `blob-${i}`, plain);
        plain.fill(0); // the lanes copied it: the caller may reuse its buffer at once
      }
      await lanes.flush();
      expect(lanes.workersStarted).toBeGreaterThan(0);
    } finally {
      await lanes.close();
    }
    const seen = new Set<string>();
    for (const { id, bytes } of kept) {
      expect(sha256Hex(bytes)).toBe(id);
      const { dek, entries } = readFooter(bytes, secret, id);
      for (const [blob, type, offset, length, raw] of entries) {
        const plain = decodeBlob(openBlobBox(dek, bytes.subarray(offset, offset + length), blob, blob), blob, MAX_DATA_BLOB);
        expect(type).toBe(added.get(blob)!.type);
        expect(plain.length).toBe(raw);
        expect(plain.equals(added.get(blob)!.plain)).toBe(true);
        seen.add(blob);
      }
    }
    expect(seen.size).toBe(added.size);
    if (staging) {
      expect(readdirSync(staging)).toEqual([]);
      rmSync(staging, { recursive: true });
    }
  });

  it('removes the packs a failed backup left staged, its workers\' and its own', async () => {
    const staging = mkdtempSync(join(tmpdir(), 'bulkhead-staging-'));
    writeFileSync(join(staging, 'pack-1-another-backup'), 'staged by another backup into the same vault: stays');
    const lanes = new PackLanes([recipient()], 16 * MiB, async () => {}, false, staging);
    try {
      for (let i = 0; i < INLINE_BYTES / MiB + 6; i++) await lanes.add('data', `blob-${i}`, randomBytes(MiB));
      expect(readdirSync(staging).length).toBeGreaterThan(0);
    } finally {
      await lanes.close(); // never flushed: the backup failed
    }
    expect(lanes.workersStarted).toBeGreaterThan(0);
    expect(readdirSync(staging)).toEqual(['pack-1-another-backup']);
    rmSync(staging, { recursive: true });
  });

  it('packs into the buffer warmed ahead (a git clone running): the pack opens to the blobs that went in', async () => {
    const secret = randomBytes(32);
    const kept: { id: string; bytes: Buffer }[] = [];
    const lanes = new PackLanes([x25519Public(secret)], 16 * MiB, async (p) => void kept.push({ id: p.id, bytes: bytesOf(p) }), false);
    const blobs = Array.from({ length: 9 }, (_, i) => [`blob-${i}`, randomBytes(MiB)] as const);
    try {
      lanes.warm(9 * MiB);
      for (const [id, plain] of blobs) await lanes.add('data', id, Buffer.from(plain));
      await lanes.flush();
    } finally {
      await lanes.close();
    }
    expect(lanes.workersStarted).toBe(0);
    expect(kept).toHaveLength(1);
    const [{ id, bytes }] = kept as [{ id: string; bytes: Buffer }];
    expect(sha256Hex(bytes)).toBe(id);
    const { dek, entries } = readFooter(bytes, secret, id);
    expect(entries.map(([blob, , offset, length]) => decodeBlob(openBlobBox(dek, bytes.subarray(offset, offset + length), blob, blob), blob, MAX_DATA_BLOB))).toEqual(blobs.map(([, plain]) => plain));
  });
});
