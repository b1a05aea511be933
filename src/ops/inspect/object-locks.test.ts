import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ListedVersion } from '../../storage/blob-store.js';
import { LockMemory } from './object-locks.js';

const version = (key: string): ListedVersion => ({ key, versionId: 'v', size: 1, lastModified: new Date(0), isDeleteMarker: false });

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('LockMemory.save', () => {
  it('survives concurrent saves to one file in one process (each through its own temporary name)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lock-memory-'));
    dirs.push(dir);
    const path = join(dir, 'sub', 'locks.json');
    const until = new Date('2030-01-01T00:00:00Z');
    const memories = await Promise.all(Array.from({ length: 16 }, () => LockMemory.load(path)));
    memories.forEach((m, i) => m.note(version(`k${i}`), { key: `k${i}`, lockMode: 'COMPLIANCE', retainUntil: until }));
    // Two posture runs in one console process used to share `<path>.<pid>.tmp`: one rename found it gone (ENOENT).
    for (let round = 0; round < 5; round++) await Promise.all(memories.map((m) => m.save()));
    const saved = JSON.parse(readFileSync(path, 'utf8')) as Record<string, string>;
    expect(Object.values(saved)).toEqual([until.toISOString()]);
    expect(readdirSync(join(dir, 'sub'))).toEqual(['locks.json']);
    const again = await LockMemory.load(path);
    expect(Object.keys(saved).length).toBe(1);
    expect(memories.some((_, i) => again.recall(version(`k${i}`))?.getTime() === until.getTime())).toBe(true);
  });
});
