import { promises as fsp } from 'node:fs';
import { dirname } from 'node:path';

const MAGIC = Buffer.from('BHPRIV1\n');
const ENTRY = 36; // 32-byte blob id, u32 index into the pack list
const ID_BYTES = 32;

/**
 * The agent's own memory of where the small blobs its last snapshot used live. Writers cannot read
 * the private part of the index (it is sealed to the recipients), so this cache is how an agent
 * deduplicates small files across backups. It names only blobs of the last snapshot (files that
 * exist now, which the agent can read anyway), never a deleted file's. Losing it costs one upload
 * of the small files, nothing else; it is dropped when the vault's recipients change, since packs
 * written before are not readable by a new recipient.
 *
 * Read in place: entries are written sorted by id (the header says `sorted`) and found through
 * a table of where each leading-bits bucket starts, in the file as read, not decoded into a Map of hex strings, which cost ~0.1 s of every
 * backup of 49k small files (#14); a file of an older version (unsorted) is decoded as before and
 * written sorted. A backup that used exactly what it found does not write the file again.
 */
export class PrivateLocations {
  #next?: Map<string, string>;
  #same = false;

  private constructor(
    private readonly path: string | undefined,
    private readonly recipients: string,
    private readonly found: Found,
  ) {}

  static empty(): PrivateLocations {
    return new PrivateLocations(undefined, '', { map: new Map() });
  }

  static async load(path: string, recipients: readonly string[]): Promise<PrivateLocations> {
    const want = recipients.join(',');
    const bytes = await fsp.readFile(path).catch(() => undefined);
    return new PrivateLocations(path, want, (bytes && decode(bytes, want)) ?? { map: new Map() });
  }

  /** How many blobs the file names (a sorted file: its entries). */
  get size(): number {
    return 'map' in this.found ? this.found.map.size : this.found.count;
  }

  /** The pack holding this small blob (a lowercase hex id, as blob ids are), if the last snapshot used it. */
  get(id: string): string | undefined {
    if ('map' in this.found) return this.found.map.get(id);
    const first = id.length === 2 * ID_BYTES ? hexWord(id, 0) : undefined;
    if (first === undefined) return undefined;
    const { bytes, body, packs, buckets, shift } = this.found;
    const bucket = first >>> shift;
    for (let e = buckets[bucket]!, end = buckets[bucket + 1]!; e < end; e++) {
      const o = body + e * ENTRY;
      if (word(bytes, o) !== first) continue;
      let i = 4;
      while (i < ID_BYTES && hexWord(id, 2 * i) === word(bytes, o + i)) i += 4;
      if (i === ID_BYTES) return packs[bytes.readUInt32LE(o + ID_BYTES)];
    }
    return undefined;
  }

  /**
   * What the snapshot being committed uses; written by save() once the snapshot is stored.
   * `fresh`: how many of them get() did not give (this backup's own new small blobs).
   */
  replace(next: Map<string, string>, fresh: number): void {
    this.#next = next;
    // Every other entry is one get() gave, with its pack: the same set exactly when the counts agree.
    this.#same = fresh === 0 && next.size === this.size && !('map' in this.found);
  }

  async save(): Promise<void> {
    if (!this.path || !this.#next || this.#same) return;
    await fsp.mkdir(dirname(this.path), { recursive: true });
    const tmp = `${this.path}.tmp`;
    await fsp.writeFile(tmp, encode(this.#next, this.recipients), { mode: 0o600 });
    await fsp.rename(tmp, this.path);
  }
}

/**
 * The file as read: sorted entries at `body`, the first of those whose id starts with each top
 * `32 - shift` bits in `buckets` (ids are keyed hashes: a bucket holds about one); or (an older
 * version's file) decoded into a Map.
 */
type Found = { bytes: Buffer; body: number; count: number; packs: readonly string[]; buckets: Uint32Array; shift: number } | { map: Map<string, string> };

function sorted(bytes: Buffer, body: number, packs: readonly string[]): Found {
  const count = Math.floor((bytes.length - body) / ENTRY);
  let bits = 4;
  while (bits < 20 && 1 << bits < count) bits++;
  const shift = 32 - bits;
  const buckets = new Uint32Array((1 << bits) + 1);
  let next = 0;
  for (let e = 0; e < count; e++) {
    const bucket = word(bytes, body + e * ENTRY) >>> shift;
    while (next <= bucket) buckets[next++] = e;
  }
  while (next < buckets.length) buckets[next++] = count;
  return { bytes, body, count, packs, buckets, shift };
}

/**
 * Ids are compared as signed 32-bit words (small integers to V8: an unsigned word above 2^31 is
 * a heap number, allocated per read before the code is optimized, which made a lookup cost four
 * times a Map's), read by hand (Buffer.readUInt32BE is a call until optimized, too).
 */
const word = (b: Buffer, o: number): number => (b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!;

/** The word 8 lowercase hex digits from `at` spell, or undefined. */
function hexWord(id: string, at: number): number | undefined {
  let w = 0;
  for (let i = at; i < at + 8; i++) {
    const c = id.charCodeAt(i);
    const digit = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : -1;
    if (digit < 0) return undefined;
    w = (w << 4) | digit;
  }
  return w;
}

function encode(map: Map<string, string>, recipients: string): Buffer {
  const packs = [...new Set(map.values())];
  const at = new Map(packs.map((p, i) => [p, i]));
  const header = Buffer.from(JSON.stringify({ recipients, packs, sorted: true }));
  const body = Buffer.alloc(map.size * ENTRY);
  let o = 0;
  for (const id of [...map.keys()].sort()) {
    // Lowercase hex sorts as its bytes do.
    body.write(id, o, ID_BYTES, 'hex');
    body.writeUInt32LE(at.get(map.get(id)!)!, o + ID_BYTES);
    o += ENTRY;
  }
  const len = Buffer.alloc(4);
  len.writeUInt32LE(header.length);
  return Buffer.concat([MAGIC, len, header, body]);
}

/** undefined for a damaged file or one written for other recipients: start empty. */
function decode(bytes: Buffer, recipients: string): Found | undefined {
  try {
    if (!bytes.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
    const len = bytes.readUInt32LE(MAGIC.length);
    const start = MAGIC.length + 4;
    const header = JSON.parse(bytes.subarray(start, start + len).toString('utf8')) as { recipients: string; packs: string[]; sorted?: boolean };
    if (header.recipients !== recipients || !Array.isArray(header.packs)) return undefined;
    if (header.sorted === true) return sorted(bytes, start + len, header.packs);
    const map = new Map<string, string>();
    for (let o = start + len; o + ENTRY <= bytes.length; o += ENTRY) {
      const pack = header.packs[bytes.readUInt32LE(o + 32)];
      if (pack) map.set(bytes.toString('hex', o, o + 32), pack);
    }
    return { map };
  } catch {
    return undefined;
  }
}
