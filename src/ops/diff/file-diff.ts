import { snapshotFor } from '../snapshot-ref.js';
import { openSync, readSync, closeSync, fstatSync } from 'node:fs';
import { join } from 'node:path';
import type { VaultReader } from '../../vault/reader.js';
import { isBulkheadError } from '../../util/errors.js';
import { previewFile, PREVIEW_BYTES, type Preview } from '../browse/preview.js';
import { boundedDiffLines } from '../../util/bounded-line-diff.js';

/**
 * The most rows one file's diff sends: 256 KiB of one-character lines is 131,072 rows a side, and
 * the console drew every one (five cells each). The rest is counted, and the pane says so.
 */
export const MOST_DIFF_ROWS = 10_000;

export interface DiffRow {
  kind: 'same' | 'removed' | 'added' | 'changed';
  left: string | null;
  right: string | null;
  leftNo: number | null;
  rightNo: number | null;
}

export interface FileDiff {
  path: string;
  rows: DiffRow[];
  binary: boolean;
  truncated: boolean;
  /** false: too different to align line by line within the diff's budget (util/bounded-line-diff.ts); the most changed lines it searched. */
  aligned: boolean;
  edits: number;
  /** Rows past MOST_DIFF_ROWS, not sent. */
  rowsLeft: number;
}

/**
 * One file, side by side: a snapshot's version against another snapshot's or the live file.
 * `mostRows` is lowered only by the end-to-end tests' console (BULKHEAD_CONSOLE_TEST_DIFF_ROWS), so
 * that the cut and its note are shown without 10,000 rows in the page (axe-core took ~30 CPU s on them).
 */
export async function fileDiff(reader: VaultReader, from: string, to: string, path: string, mostRows = MOST_DIFF_ROWS): Promise<FileDiff> {
  const before = await side(reader, from, path);
  const a = to === 'live' ? await liveSide(reader, from, path) : await side(reader, to, path);
  const binary = before.text === null || a.text === null;
  if (binary) return { path, rows: [], binary: true, truncated: false, aligned: true, edits: 0, rowsLeft: 0 };
  const { rows, aligned, edits } = sideBySide(before.text ?? '', a.text ?? '');
  return { path, ...capRows(rows, mostRows), binary: false, truncated: before.truncated || a.truncated, aligned, edits };
}

/** The rows a diff sends (the first `most`), and how many it leaves out. */
export function capRows(rows: DiffRow[], most = MOST_DIFF_ROWS): { rows: DiffRow[]; rowsLeft: number } {
  return { rows: rows.slice(0, most), rowsLeft: Math.max(0, rows.length - most) };
}

const absent = (path: string): Preview => ({ path, size: 0, text: '', truncated: false, reason: 'absent' });

async function side(reader: VaultReader, snapshot: string, path: string): Promise<Preview> {
  try {
    return await previewFile(reader, snapshot, path);
  } catch (e) {
    if (isBulkheadError(e, 'NOT_FOUND')) return absent(path);
    throw e;
  }
}

/** The live file a dir source's path points at on this machine (absent if it is gone). */
async function liveSide(reader: VaultReader, from: string, path: string): Promise<Preview> {
  const snap = await snapshotFor(reader, from);
  const [name, ...rest] = path.split('/');
  const source = snap.manifest.sources.find((s) => s.name === name && s.kind === 'dir');
  if (!source) return absent(path);
  let fd: number;
  try {
    fd = openSync(join(source.locator, ...rest), 'r');
  } catch {
    return absent(path);
  }
  try {
    const size = fstatSync(fd).size;
    const buf = Buffer.alloc(Math.min(size, PREVIEW_BYTES));
    const n = readSync(fd, buf, 0, buf.length, 0);
    const bytes = buf.subarray(0, n);
    if (bytes.subarray(0, 8192).includes(0)) return { path, size, text: null, truncated: false, reason: 'binary' };
    return { path, size, text: bytes.toString('utf8'), truncated: size > n, reason: null };
  } finally {
    closeSync(fd);
  }
}

/** Pairs removed and added runs line by line, so a changed line sits beside its new version. */
export function sideBySide(before: string, after: string): { rows: DiffRow[]; aligned: boolean; edits: number } {
  const rows: DiffRow[] = [];
  let l = 1;
  let r = 1;
  const { parts, aligned, edits } = boundedDiffLines(before, after);
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    const lines = part.value.replace(/\n$/, '').split('\n');
    if (!part.added && !part.removed) {
      for (const line of lines) rows.push({ kind: 'same', left: line, right: line, leftNo: l++, rightNo: r++ });
    } else if (part.removed && parts[i + 1]?.added) {
      const added = parts[++i]!.value.replace(/\n$/, '').split('\n');
      for (let k = 0; k < Math.max(lines.length, added.length); k++) {
        const left = lines[k] ?? null;
        const right = added[k] ?? null;
        rows.push({ kind: left !== null && right !== null ? 'changed' : left !== null ? 'removed' : 'added', left, right, leftNo: left !== null ? l++ : null, rightNo: right !== null ? r++ : null });
      }
    } else if (part.removed) {
      for (const line of lines) rows.push({ kind: 'removed', left: line, right: null, leftNo: l++, rightNo: null });
    } else {
      for (const line of lines) rows.push({ kind: 'added', left: null, right: line, leftNo: null, rightNo: r++ });
    }
  }
  return { rows, aligned, edits };
}
