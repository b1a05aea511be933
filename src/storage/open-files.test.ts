import { describe, expect, it, vi } from 'vitest';
import { mkdtempSync, readSync, writeFileSync, fstatSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OpenFiles } from './open-files.js';

const readAt = (fd: number, at: number, n: number): string => {
  const b = Buffer.alloc(n);
  return b.subarray(0, readSync(fd, b, 0, n, at)).toString();
};

/**
 * Whether fd is still open on path. A closed descriptor's number may already be another file's:
 * the unit project's files share one process (threads), and another test's open takes the lowest.
 */
const openOn = (fd: number, path: string): boolean => {
  try {
    return fstatSync(fd).ino === statSync(path).ino;
  } catch {
    return false;
  }
};

describe('open files', () => {
  it('reuses a descriptor for the same object, keeps at most 32, and closes those unused for two seconds', () => {
    vi.useFakeTimers();
    try {
      const dir = mkdtempSync(join(tmpdir(), 'open-files-'));
      const paths = Array.from({ length: 40 }, (_, i) => join(dir, `p${i}`));
      paths.forEach((p, i) => writeFileSync(p, `pack ${i}`));
      const files = new OpenFiles();
      const first = files.fd(paths[0]!);
      expect(files.fd(paths[0]!)).toBe(first);
      expect(readAt(first, 5, 1)).toBe('0');
      const fds = paths.map((p) => files.fd(p));
      expect(readAt(fds[39]!, 0, 7)).toBe('pack 39');
      // the least recently used past 32 were closed: p0..p7 (p0 was used before all the others)
      expect(openOn(fds[7]!, paths[7]!)).toBe(false);
      expect(openOn(fds[8]!, paths[8]!)).toBe(true);
      files.fd(paths[39]!);
      vi.advanceTimersByTime(2_000); // the sweep: all were used since the start
      expect(openOn(fds[8]!, paths[8]!)).toBe(true);
      files.fd(paths[39]!);
      vi.advanceTimersByTime(2_000); // only p39 used since the last sweep
      expect(openOn(fds[8]!, paths[8]!)).toBe(false);
      expect(readAt(files.fd(paths[39]!), 0, 7)).toBe('pack 39');
    } finally {
      vi.useRealTimers();
    }
  });

  it("throws open's own error for a missing object and keeps nothing for it", () => {
    const files = new OpenFiles();
    expect(() => files.fd(join(tmpdir(), 'no-such-object-here'))).toThrow(expect.objectContaining({ code: 'ENOENT' }));
  });
});
