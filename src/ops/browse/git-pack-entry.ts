import { BulkheadError } from '../../util/errors.js';

export type GitObjectType = 'commit' | 'tree' | 'blob' | 'tag';
const TYPES: Record<number, GitObjectType> = { 1: 'commit', 2: 'tree', 3: 'blob', 4: 'tag' };
export const OFS_DELTA = 6;
export const REF_DELTA = 7;

/** The head of a pack entry: its type, its inflated size, and where its zlib data starts (relative). */
export interface EntryHead {
  type: GitObjectType | typeof OFS_DELTA | typeof REF_DELTA;
  size: number;
  dataAt: number;
  /** OFS_DELTA: how far before this entry its base starts. */
  baseDistance?: number;
  /** REF_DELTA: its base's object id. */
  baseOid?: string;
}

const corrupt = (where: string, why: string) => new BulkheadError('CORRUPT', `${where}: ${why}`);

/** Parses the variable-length head git's pack format gives each entry (see gitformat-pack). */
export function parseEntryHead(buf: Buffer, hashLen: number, where: string): EntryHead {
  let i = 0;
  const next = () => {
    if (i >= buf.length) throw corrupt(where, 'an entry head runs past its entry');
    return buf[i++]!;
  };
  let c = next();
  const code = (c >> 4) & 7;
  let size = c & 15;
  for (let shift = 4; c & 0x80; shift += 7) {
    c = next();
    size += (c & 0x7f) * 2 ** shift;
  }
  if (code === OFS_DELTA) {
    c = next();
    let distance = c & 0x7f;
    while (c & 0x80) {
      c = next();
      distance = (distance + 1) * 128 + (c & 0x7f);
    }
    return { type: OFS_DELTA, size, dataAt: i, baseDistance: distance };
  }
  if (code === REF_DELTA) {
    if (buf.length < i + hashLen) throw corrupt(where, 'a delta base id runs past its entry');
    return { type: REF_DELTA, size, dataAt: i + hashLen, baseOid: buf.subarray(i, i + hashLen).toString('hex') };
  }
  const type = TYPES[code];
  if (!type) throw corrupt(where, `an entry of unknown type ${code}`);
  return { type, size, dataAt: i };
}

/** A delta's two leading sizes (its base's and its result's), and where its instructions start. */
export function deltaSizes(delta: Buffer, where: string): { base: number; result: number; at: number } {
  let i = 0;
  const varint = () => {
    let n = 0;
    for (let shift = 0; ; shift += 7) {
      if (i >= delta.length) throw corrupt(where, 'a delta ends inside its header');
      const c = delta[i++]!;
      n += (c & 0x7f) * 2 ** shift;
      if (!(c & 0x80)) return n;
    }
  };
  const base = varint();
  return { base, result: varint(), at: i };
}

/** Applies a git delta (copy and insert instructions) to its base; any inconsistency is CORRUPT. */
export function applyDelta(base: Buffer, delta: Buffer, where: string): Buffer {
  const sizes = deltaSizes(delta, where);
  if (sizes.base !== base.length) throw corrupt(where, `a delta made for a ${sizes.base}-byte base, given ${base.length} bytes`);
  const out = Buffer.allocUnsafe(sizes.result);
  let o = 0;
  for (let i = sizes.at; i < delta.length; ) {
    const op = delta[i++]!;
    if (op & 0x80) {
      let offset = 0;
      let size = 0;
      for (let b = 0; b < 4; b++) if (op & (1 << b)) offset += delta[i++]! * 2 ** (8 * b);
      for (let b = 0; b < 3; b++) if (op & (0x10 << b)) size += delta[i++]! * 2 ** (8 * b);
      if (size === 0) size = 0x10000;
      if (i > delta.length || offset + size > base.length || o + size > out.length) throw corrupt(where, 'a delta copies outside its base or result');
      base.copy(out, o, offset, offset + size);
      o += size;
    } else if (op > 0) {
      if (i + op > delta.length || o + op > out.length) throw corrupt(where, 'a delta inserts past its end');
      delta.copy(out, o, i, i + op);
      i += op;
      o += op;
    } else throw corrupt(where, 'a delta holds the reserved instruction 0');
  }
  if (o !== out.length) throw corrupt(where, `a delta made ${o} of the ${out.length} bytes it announced`);
  return out;
}
