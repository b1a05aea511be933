import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
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
      const content = (i: number) => Buffer.alloc(3 * MiB + i, i + 1);
      const listed = Array.from({ length: 30 }, (_, i) => {
        const bytes = content(i);
        const oid = gitBlobId(bytes, 'x'.repeat(40));
        return { mode: '100644', oid, path: `f${i}`, raw: Buffer.from(`f${i}`), size: bytes.length };
      });
      const asked: number[] = [];
      const out = await writeGitBlobs(root, listed, {
        getMany: async (oids) => {
          asked.push(oids.length);
          return oids.map((oid) => { const c = content(listed.findIndex((e) => e.oid === oid)); return { oid, type: 'blob' as const, content: c, size: c.length }; });
        },
      });
      expect(out.failures).toEqual([]);
      expect(out.files).toBe(30);
      expect(Math.max(...asked)).toBe(21); // 21 × ~3 MiB fit 64 MiB
      expect(readFileSync(join(root, 'f7')).equals(content(7))).toBe(true);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
