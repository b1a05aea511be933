import { createHash } from 'node:crypto';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import { BulkheadError } from '../util/errors.js';

/**
 * Bytes ↔ BIP-39 English words, 11 bits a word, with a 4-byte SHA-256 checksum, so that a share
 * can be written on paper and typed back. A mistyped word is found and named by its position:
 * either it is not a BIP-39 word, or exactly one position has a replacement that makes the
 * checksum hold (a 32-bit checksum makes a wrong guess about one in a million).
 */
const INDEX = new Map(wordlist.map((w, i) => [w, i]));
const CHECKSUM = 4;

const checksum = (payload: Uint8Array) => createHash('sha256').update(payload).digest().subarray(0, CHECKSUM);

export function toWords(payload: Uint8Array): string[] {
  const bytes = Buffer.concat([payload, checksum(payload)]);
  const bits = bytes.length * 8;
  const count = Math.ceil(bits / 11);
  let n = BigInt(`0x${bytes.toString('hex')}`) << BigInt(count * 11 - bits); // zero padding at the end
  const words: string[] = new Array(count);
  for (let i = count - 1; i >= 0; i--) {
    words[i] = wordlist[Number(n & 2047n)]!;
    n >>= 11n;
  }
  return words;
}

function decode(indexes: number[], payloadLength: number): Buffer | undefined {
  const bits = (payloadLength + CHECKSUM) * 8;
  let n = 0n;
  for (const i of indexes) n = (n << 11n) | BigInt(i);
  const pad = BigInt(indexes.length * 11 - bits);
  if ((n & ((1n << pad) - 1n)) !== 0n) return undefined;
  const bytes = Buffer.from((n >> pad).toString(16).padStart(bits / 4, '0'), 'hex');
  const payload = bytes.subarray(0, payloadLength);
  return checksum(payload).equals(bytes.subarray(payloadLength)) ? payload : undefined;
}

/** Words back to the payload, or a clear error naming the word that is wrong. */
export function fromWords(words: string[], payloadLength: number, where: string): Buffer {
  const expected = Math.ceil(((payloadLength + CHECKSUM) * 8) / 11);
  if (words.length !== expected) throw new BulkheadError('BAD_IDENTITY', `${where} has ${words.length} words; a share has ${expected}`);
  const indexes = words.map((w, i) => {
    const at = INDEX.get(w.toLowerCase());
    if (at === undefined) throw new BulkheadError('BAD_IDENTITY', `${where}: word ${i + 1} ("${w}") is not a BIP-39 word; check it against the paper copy`);
    return at;
  });
  const payload = decode(indexes, payloadLength);
  if (payload) return payload;
  for (let pos = 0; pos < indexes.length; pos++) {
    for (let candidate = 0; candidate < 2048; candidate++) {
      if (candidate === indexes[pos]) continue;
      const tried = indexes.slice();
      tried[pos] = candidate;
      if (decode(tried, payloadLength)) {
        throw new BulkheadError('BAD_IDENTITY', `${where}: word ${pos + 1} ("${words[pos]}") is wrong, perhaps "${wordlist[candidate]}"; check it against the paper copy`);
      }
    }
  }
  throw new BulkheadError('BAD_IDENTITY', `${where}: the words do not check out (more than one is wrong, or they are out of order); check every word against the paper copy`);
}
