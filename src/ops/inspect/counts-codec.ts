import type { RefEvents } from './ref-events.js';

/** What a tree holds, itself included: the same measures as a source record's (claimed) stats. */
export interface TreeCounts {
  files: number;
  dirs: number;
  bytes: number;
}

/** What a git manifest says a wipe makes collapse: its refs, the default branch's pipelines and files. */
export interface ManifestCounts {
  refs: number;
  pipelines: number;
  files: number;
}

/** Everything counted: trees and git manifests, both content-addressed, by their blob ids; ref events by their pair of manifest ids (history-events.ts). */
export interface KnownCounts {
  trees: Map<string, TreeCounts>;
  manifests: Map<string, ManifestCounts>;
  /** Absent from a store that keeps none. */
  pairs?: Map<string, RefEvents>;
  /**
   * What a format 2 git manifest's parts hold (manifest-parts.ts), by `files:ID` (its files) and
   * `pipelines:ID:BRANCH` (that branch's pipelines): a part shared by many manifests is read once.
   * Absent from a store that keeps none.
   */
  parts?: Map<string, number>;
}

/**
 * The counts cache in binary: ids as their 32 bytes, counts as doubles (exact for any safe
 * integer), a pair's ref events as JSON only when there are any. As JSON, a wide writer's quarter
 * (200,000 trees, manifests, their parts and pairs) was 80 MB of text whose parse was 4 of the
 * 10 seconds of a `snapshots` from the caches. An entry whose key is not of the shape counted
 * here (a forged id) is left out: it is counted again, never misread.
 */
const MAGIC = 0x32636862; // "bhc2"
const HEX64 = /^[0-9a-f]{64}$/;
const PAIR = /^(\d{1,4}):([0-9a-f]{64})?:([0-9a-f]{64})$/;
const PART = /^files:([0-9a-f]{64})$|^pipelines:([0-9a-f]{64}):([\s\S]*)$/;

export function encodeCounts(k: KnownCounts): Buffer {
  const w = new Out();
  w.u32(MAGIC);
  const trees = [...k.trees].filter(([i]) => HEX64.test(i));
  w.u32(trees.length);
  for (const [i, c] of trees) w.id(i).num(c.files).num(c.dirs).num(c.bytes);
  const manifests = [...k.manifests].filter(([i]) => HEX64.test(i));
  w.u32(manifests.length);
  for (const [i, c] of manifests) w.id(i).num(c.refs).num(c.pipelines).num(c.files);
  const pairs = [...(k.pairs ?? [])].flatMap(([key, e]) => {
    const m = PAIR.exec(key);
    return m ? [[m, e] as const] : [];
  });
  w.u32(pairs.length);
  for (const [[, rules, before, after], e] of pairs) {
    w.num(Number(rules)).num(before ? 1 : 0);
    if (before) w.id(before);
    w.id(after!).text(Object.keys(e).length === 0 ? '' : JSON.stringify(e));
  }
  const counted = [...(k.parts ?? [])].flatMap(([key, n]) => {
    const m = PART.exec(key);
    return m ? [[m, n] as const] : [];
  });
  w.u32(counted.length);
  for (const [[, files, pipelines, branch], n] of counted) w.num(files ? 0 : 1).num(n).id((files ?? pipelines)!).text(branch ?? '');
  return w.done();
}

/** The counts of `bytes`; throws on anything not written by encodeCounts (the caller then recounts). */
export function decodeCounts(bytes: Buffer): Required<KnownCounts> {
  let at = 0;
  const take = (n: number) => {
    if (at + n > bytes.length) throw new Error('counts cache: cut short');
    at += n;
    return at - n;
  };
  const u = () => bytes.readUInt32LE(take(4));
  const num = () => bytes.readDoubleLE(take(8));
  const id = () => bytes.toString('hex', take(32), at);
  const text = () => {
    const n = u();
    return bytes.toString('utf8', take(n), at);
  };
  if (u() !== MAGIC) throw new Error('counts cache: not this format');
  const out: Required<KnownCounts> = { trees: new Map(), manifests: new Map(), pairs: new Map(), parts: new Map() };
  for (let n = u(); n > 0; n--) {
    const i = id();
    out.trees.set(i, { files: num(), dirs: num(), bytes: num() });
  }
  for (let n = u(); n > 0; n--) {
    const i = id();
    out.manifests.set(i, { refs: num(), pipelines: num(), files: num() });
  }
  for (let n = u(); n > 0; n--) {
    const [rules, hasBefore] = [num(), num()];
    const before = hasBefore ? id() : '';
    const after = id();
    const events = text();
    out.pairs.set(`${rules}:${before}:${after}`, events === '' ? {} : (JSON.parse(events) as RefEvents));
  }
  for (let n = u(); n > 0; n--) {
    const [kind, count] = [num(), num()];
    const part = id();
    const branch = text();
    out.parts.set(kind === 0 ? `files:${part}` : `pipelines:${part}:${branch}`, count);
  }
  if (at !== bytes.length) throw new Error('counts cache: trailing bytes');
  return out;
}

/** One growing buffer written in place: a quarter's cache is ~1,000,000 fields. */
class Out {
  #b = Buffer.allocUnsafe(1 << 20);
  #at = 0;

  #room(n: number): number {
    if (this.#at + n > this.#b.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.#b.length * 2, this.#at + n));
      this.#b.copy(bigger, 0, 0, this.#at);
      this.#b = bigger;
    }
    this.#at += n;
    return this.#at - n;
  }

  // #room first: it may replace #b
  u32(n: number): this {
    const at = this.#room(4);
    this.#b.writeUInt32LE(n, at);
    return this;
  }

  num(n: number): this {
    const at = this.#room(8);
    this.#b.writeDoubleLE(n, at);
    return this;
  }

  id(hex: string): this {
    const at = this.#room(32);
    this.#b.write(hex, at, 32, 'hex');
    return this;
  }

  text(s: string): this {
    const n = Buffer.byteLength(s, 'utf8');
    this.u32(n);
    const at = this.#room(n);
    this.#b.write(s, at, n, 'utf8');
    return this;
  }

  done(): Buffer {
    return this.#b.subarray(0, this.#at);
  }
}
