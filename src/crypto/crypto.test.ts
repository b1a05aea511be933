import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { open, openInto, seal } from './aead.js';
import { unwrap, wrapTo, x25519Public } from './wrap.js';
import { ed25519Public, signValue, verifyValue } from './sign.js';
import { fingerprint, groupFingerprint } from './fingerprint.js';

describe('AEAD', () => {
  const key = randomBytes(32);
  it('round-trips and binds the associated data', () => {
    const box = seal(key, Buffer.from('hello'), 'purpose-a');
    expect(open(key, box, 'purpose-a', 'x').toString()).toBe('hello');
    expect(() => open(key, box, 'purpose-b', 'x')).toThrow(/failed authentication/);
  });
  it('rejects any flipped bit and a truncated box', () => {
    const box = seal(key, Buffer.from('hello world'), 'ad');
    for (const i of [0, 13, box.length - 1]) {
      const bad = Buffer.from(box);
      bad[i]! ^= 1;
      expect(() => open(key, bad, 'ad', 'x')).toThrow(/failed authentication/);
    }
    expect(() => open(key, box.subarray(0, 10), 'ad', 'x')).toThrow(/truncated/);
  });
  it('opens large boxes in pieces into the buffer it is given, with the same checks', () => {
    const taken: Buffer[] = [];
    const take = (n: number) => (taken.push(Buffer.alloc(n + 5)), taken.at(-1)!.subarray(0, n));
    for (const size of [10, 128 * 1024 - 1, 128 * 1024, 1_000_003]) {
      const plain = randomBytes(size);
      const box = seal(key, plain, 'ad');
      expect(openInto(key, box, 'ad', 'x', take).equals(plain)).toBe(true);
      const bad = Buffer.from(box);
      bad[bad.length - 20]! ^= 1; // the last piece, after every earlier one was written out
      expect(() => openInto(key, bad, 'ad', 'x', take)).toThrow(/failed authentication/);
    }
    expect(taken.length).toBe(4); // two boxes of the piecewise sizes, each opened twice
  });
});

describe('X25519 key wrapping', () => {
  it('wraps one key to several recipients, each of whom can unwrap it', () => {
    const a = randomBytes(32);
    const b = randomBytes(32);
    const dek = randomBytes(32);
    const stanzas = wrapTo(dek, [x25519Public(a), x25519Public(b)]);
    expect(unwrap(stanzas, a, 'x').equals(dek)).toBe(true);
    expect(unwrap(stanzas, b, 'x').equals(dek)).toBe(true);
  });
  it('tells a stranger that the key is not addressed to it', () => {
    const stanzas = wrapTo(randomBytes(32), [x25519Public(randomBytes(32))]);
    expect(() => unwrap(stanzas, randomBytes(32), 'pack 1')).toThrow(/pack 1 is not encrypted to this identity/);
  });
});

describe('Ed25519 signatures with purposes', () => {
  it('verifies the value it signed, for the purpose it signed it', () => {
    const seed = randomBytes(32);
    const pub = ed25519Public(seed);
    const sig = signValue(seed, 'config', { b: 1, a: [1, 2] });
    expect(verifyValue(pub, 'config', { a: [1, 2], b: 1 }, sig)).toBe(true); // key order is canonical
    expect(verifyValue(pub, 'snapshot', { a: [1, 2], b: 1 }, sig)).toBe(false);
    expect(verifyValue(pub, 'config', { a: [1, 2], b: 2 }, sig)).toBe(false);
    expect(verifyValue(pub, 'config', { a: [1, 2], b: 1 }, 'garbage')).toBe(false);
  });
});

describe('fingerprints', () => {
  it('are 26 base32 characters, grouped by four for people', () => {
    const fp = fingerprint(randomBytes(32));
    expect(fp).toMatch(/^[A-Z2-7]{26}$/);
    expect(groupFingerprint(fp)).toMatch(/^([A-Z2-7]{4}-){6}[A-Z2-7]{2}$/);
  });
});
