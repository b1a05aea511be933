import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gitBlobId } from '../../sources/git/blob-id.js';
import { batches, writeGitBlobs } from './git-path-write.js';

const MiB = 1 << 20;

describe('writeGitBlobs', () => {
  it('reads blobs at most 64 or 64 MiB at a time, a larger one alone', () => {
    const sized = (...mib: number[]) => mib.map((m, i) => ({ i, size: m * MiB }));
    expect(batches(sized(40, 30, 20, 100, 1)).map((b) => b.map((e) => e.i))).toEqual([[0], [1, 2], [3], [4]]);
    expect(batches(Array.from({ length: 130 }, () => ({ size: 1 }))).map((b) => b.length)).toEqual([64, 64, 2]);
    expect(batches(Array.from({ length: 3 }, () => ({}))).map((b) => b.length)).toEqual([3]); // sizes unknown: by count
  });

  it('asks for no more than a batch of big files at once, and writes each byte for byte, checked', async () => {
    const root = mkdtempSync(join(tmpdir(), 'git-path-write-'));
    try {
      // Batches go by the sizes listed (ls-tree -l), known before anything is read: each says ~3 MiB.
      const content = (i: number) => Buffer.alloc(1000 + i, i + 1);
      const listed = Array.from({ length: 22 }, (_, i) => {
        const bytes = content(i);
        const oid = gitBlobId(bytes, 'x'.repeat(40));
        return { mode: '100644', oid, path: `f${i}`, raw: Buffer.from(`f${i}`), size: 3 * MiB + i };
      });
      const asked: number[] = [];
      const out = await writeGitBlobs(root, listed, {
        getMany: async (oids) => {
          asked.push(oids.length);
          return oids.map((oid) => { const c = content(listed.findIndex((e) => e.oid === oid)); return { oid, type: 'blob' as const, content: c, size: c.length }; });
        },
      });
      expect(out.failures).toEqual([]);
      expect(out.files).toBe(22);
      expect(Math.max(...asked)).toBe(21); // 21 × ~3 MiB fit 64 MiB
      expect(readFileSync(join(root, 'f7')).equals(content(7))).toBe(true);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('streams a large file into place, checked by its id: a streamer that cannot falls back to the whole blob, one that lies fails the file', async () => {
    const root = mkdtempSync(join(tmpdir(), 'git-path-stream-'));
    try {
      const big = (n: number) => Buffer.alloc(17 * MiB, n);
      const listed = [1, 2, 3].map((n) => ({ mode: '100644', oid: gitBlobId(big(n), 'x'.repeat(40)), path: `big${n}`, raw: Buffer.from(`big${n}`), size: 17 * MiB }));
      const whole: string[] = [];
      const out = await writeGitBlobs(root, listed, {
        getMany: async (oids) => oids.map((oid) => (whole.push(oid), { oid, type: 'blob' as const, content: big(listed.findIndex((e) => e.oid === oid) + 1), size: 17 * MiB })),
        streamBlob: async (oid, take) => {
          const n = listed.findIndex((e) => e.oid === oid) + 1;
          if (n === 2) return false; // a delta: read whole
          for (let i = 0; i < 17; i++) take(Buffer.alloc(MiB, n === 3 && i === 9 ? 0 : n)); // big3's stream lies in its tenth MiB
          return true;
        },
      });
      expect(out.files).toBe(2);
      expect(whole).toEqual([listed[1]!.oid]);
      expect(readFileSync(join(root, 'big1')).equals(big(1))).toBe(true);
      expect(readFileSync(join(root, 'big2')).equals(big(2))).toBe(true);
      expect(out.failures).toEqual([{ path: 'big3', reason: expect.stringMatching(/does not hash to its id/) }]);
      expect(existsSync(join(root, 'big3'))).toBe(false);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
