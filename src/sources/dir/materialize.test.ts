import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readdirSync, readlinkSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { materialize, type PlanItem } from './materialize.js';
import type { TreeEntry } from '../../vault/tree.js';
import { noProgress } from '../../util/progress.js';

const entry = (kind: TreeEntry['kind'], extra: Partial<TreeEntry> = {}): TreeEntry => ({ name: 'x', kind, mode: 0o755, mtime: 1, size: 0, ...extra });
const item = (path: string, e: TreeEntry): PlanItem => ({ display: path, raw: Buffer.from(path), entry: e });
const noBlobs = { tree: () => Promise.reject(new Error('no trees')), blob: () => Promise.reject(new Error('no blobs')) };

describe('materialize proves every path itself, whatever the plan says', () => {
  it('refuses bad components, parents it did not create, and never writes through a symlink', async () => {
    const canary = mkdtempSync(join(tmpdir(), 'bulkhead-mat-'));
    const root = join(canary, 'a', 'root');
    mkdirSync(root, { recursive: true });
    symlinkSync(canary, join(root, 'planted')); // not created by this restore
    const items = [
      item('d', entry('dir')),
      item('d/ok', entry('file')),
      item('../escape', entry('file')),
      item('d/../../escape', entry('dir')),
      item('planted/pwned', entry('file')),
      item('l', entry('symlink', { target: canary })),
      item('l/pwned', entry('file')),
      item('d', entry('file')), // the same path again
      item('nope/x', entry('symlink', { target: '/' })),
    ];
    const failures = await materialize(root, items, noBlobs, noProgress);
    expect(failures.map((f) => [f.path, f.reason.replace(/:.*/s, '')])).toEqual([
      ['d/../../escape', 'refused'],
      ['../escape', 'refused'],
      ['planted/pwned', 'refused'],
      ['l/pwned', 'refused'],
      ['d', 'not created'],
      ['nope/x', 'refused'],
    ]);
    expect(failures.find((f) => f.path === 'planted/pwned')!.reason).toMatch(/parent is not a folder this restore created/);
    expect(readdirSync(canary).sort()).toEqual(['a']);
    expect(readdirSync(join(canary, 'a'))).toEqual(['root']);
    expect(readdirSync(root).sort()).toEqual(['d', 'l', 'planted']);
    expect(readdirSync(join(root, 'd'))).toEqual(['ok']);
    expect(readlinkSync(join(root, 'l'))).toBe(canary);
  });
});
