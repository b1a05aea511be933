import { describe, expect, it } from 'vitest';
import { FolderRows, type BrowseRow } from './folder-rows.js';
import type { TreeEntry } from '../../vault/tree.js';
import type { SnapshotInfo } from '../../vault/snapshot-list.js';

const snap = { id: 's1', time: '2026-11-30T00:00:00.000Z' } as SnapshotInfo;
const file = (name: string): TreeEntry => ({ name, kind: 'file', mode: 0o644, mtime: 1_700_000_000_000_000, size: name.length, blobs: [] });

describe('a folder listed a page at a time', () => {
  it('makes rows only for the page asked for, with their paths under the folder', () => {
    const entries = Array.from({ length: 1000 }, (_, i) => file(`f-${String(i).padStart(4, '0')}`));
    const made: string[] = [];
    const folder = FolderRows.ofTree(snap, new Proxy(entries, { get: (t, k) => (typeof k === 'string' && /^\d+$/.test(k) && made.push(k), Reflect.get(t, k)) }), 'src/big');
    const { total, rows } = folder.page(990, 500, '');
    expect(total).toBe(1000);
    expect(rows.map((r) => r.path)).toEqual(Array.from({ length: 10 }, (_, i) => `src/big/f-0${990 + i}`));
    expect(rows[0]).toEqual({ name: 'f-0990', path: 'src/big/f-0990', kind: 'file', size: 6, mtime: '2023-11-14T22:13:20.000Z', detail: null, restorable: true, hasChildren: false });
    expect(new Set(made).size).toBe(10); // the other 990 entries were never looked at
  });

  it('a tree folder at the root of a snapshot, a folder, a symlink and a file with no time', () => {
    const entries: TreeEntry[] = [
      { name: 'd', kind: 'dir', mode: 0o755, mtime: 0, size: 0, subtree: 'x' },
      { name: 'l', kind: 'symlink', mode: 0o777, mtime: 0, size: 3, target: '../t' },
    ];
    expect(FolderRows.ofTree(snap, entries, '').all()).toEqual([
      { name: 'd', path: 'd', kind: 'dir', size: null, mtime: null, detail: null, restorable: true, hasChildren: true },
      { name: 'l', path: 'l', kind: 'symlink', size: null, mtime: null, detail: '../t', restorable: true, hasChildren: false },
    ]);
  });

  it('filters by name, case-insensitively, and pages through the matches', () => {
    const folder = FolderRows.ofTree(snap, ['Alpha', 'beta', 'ALPHABET', 'gamma', 'alps'].map(file), 'x');
    expect(folder.page(0, 10, 'alp')).toMatchObject({ total: 3, rows: [{ name: 'Alpha' }, { name: 'ALPHABET' }, { name: 'alps' }] });
    expect(folder.page(1, 1, 'ALP')).toMatchObject({ total: 3, rows: [{ name: 'ALPHABET' }] }); // the same needle, lowercased
    expect(folder.page(0, 10, 'zzz')).toEqual({ total: 0, rows: [] });
    expect(folder.page(0, 2, '')).toMatchObject({ total: 5, rows: [{ name: 'Alpha' }, { name: 'beta' }] });
    expect(folder.page(7, 10, '')).toEqual({ total: 5, rows: [] }); // past the end: nothing, not an error
  });

  it('rows made already are served as they are', () => {
    const made: BrowseRow[] = [{ name: 'refs', path: 'r/refs', kind: 'refs', size: null, mtime: null, detail: '2 refs', restorable: false, hasChildren: true }];
    const folder = FolderRows.of(snap, made);
    expect(folder.size).toBe(1);
    expect(folder.page(0, 500, 'REF').rows[0]).toBe(made[0]);
  });
});
