import { hkdf } from '../crypto/kdf.js';
import { unwrapper, type Unwrapper } from '../crypto/wrap.js';
import { openPrivate, type PrivatePack, type PrivatePart } from './private-index.js';
import { readSealedJson, writeSealedJson } from './sealed-file.js';

const AD = 'bulkhead/v1/private-cache/1';

/**
 * A recipient opening the private parts of an index load: one key import for all of them
 * (x25519Agreement), and what each part held remembered across runs in the operator's cache,
 * sealed under a key only this identity derives (small blobs' locations are recipients-only), so a
 * vault of thousands of segments costs one key agreement per new segment, not per segment per look.
 */
export class PrivateParts {
  #used = new Map<string, PrivatePack[]>();
  #opened = 0;
  #unwrap: Unwrapper | undefined;

  private constructor(
    private readonly secret: Buffer,
    private readonly key: Buffer,
    private readonly known: ReadonlyMap<string, PrivatePack[]>,
    private readonly path: string | undefined,
  ) {}

  static async load(secret: Buffer, indexKey: Buffer, path?: string): Promise<PrivateParts> {
    const key = hkdf(secret, AD, indexKey);
    // not there, not ours or damaged: every part is opened again
    const known = new Map<string, PrivatePack[]>(path ? await readSealedJson<[string, PrivatePack[]][]>(path, key, AD) : undefined);
    return new PrivateParts(secret, key, known, path);
  }

  /** The part of the segment stored under `segmentKey`; throws as openPrivate does. */
  open(segmentKey: string, part: PrivatePart, what: string): PrivatePack[] {
    let packs = this.known.get(segmentKey);
    if (!packs) {
      this.#unwrap ??= unwrapper(this.secret);
      packs = openPrivate(part, this.#unwrap, what);
      this.#opened++;
    }
    this.#used.set(segmentKey, packs);
    return packs;
  }

  /** Keeps what this load used (segments no longer listed drop out); nothing to write when nothing changed. */
  async save(): Promise<void> {
    if (!this.path || (this.#opened === 0 && this.#used.size === this.known.size)) return;
    await writeSealedJson(this.path, this.key, AD, [...this.#used]);
  }
}
