import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { createHmac, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Chunker } from '../../chunker/fastcdc.js';
import { tempDir } from '../../../test/helpers/vault.js';
import { liveChildren } from './live-node.js';
import { LiveStatCache, MOST_STRAYS, RACY_MARGIN_NS } from './live-stat-cache.js';
import type { DiffEntry } from '../diff-node.js';

const idKey = randomBytes(32);
const AD = 'bulkhead/v1/live-cache/1 test';
/** A backup's hashing, counting the blobs it hashes: a file found in the cache is not hashed. */
function counting() {
  const hashed = { n: 0 };
  const chunker = new Chunker(randomBytes(32), { min: 4096, avg: 16384, max: 65536 });
  const blobId = (b: Uint8Array) => {
    hashed.n++;
    return createHmac('sha256', idKey).update(b).digest('hex');
  };
  return { hasher: { chunker, blobId, excluded: () => false }, hashed };
}

/** Ten seconds from now: files written by the test are then old enough to be cached (not racy). */
const later = () => BigInt(Date.now() + 10_000) * 1_000_000n;

/** Every file's blobs under a live folder, by path, as a diff asks for them. */
async function blobsOf(entries: Map<string, DiffEntry>, prefix = ''): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const e of entries.values()) {
    if (e.kind === 'dir') Object.assign(out, await blobsOf(await e.children(), `${prefix}${e.name}/`));
    else out[`${prefix}${e.name}`] = e.kind === 'file' ? (await e.blobs()).join() : `-> ${e.target}`;
  }
  return out;
}

/** The files tree() makes (its symlink is not hashed). */
const FILES = 5;
/** Whole seconds: what utimes sets back exactly (a Date keeps only milliseconds). */
const SET_BACK = 1_700_000_000;

function tree(): string {
  const root = tempDir();
  mkdirSync(join(root, 'conf'));
  writeFileSync(join(root, 'conf', 'app.yaml'), 'replicas: 3\n');
  writeFileSync(join(root, 'big.bin'), randomBytes(200 * 1024));
  writeFileSync(join(root, 'empty'), '');
  symlinkSync('conf/app.yaml', join(root, 'link'));
  // Names that are not ASCII: UTF-8, and bytes that are not UTF-8 at all (both kept exactly).
  writeFileSync(join(root, 'conf', 'café.yaml'), 'a: 1\n');
  writeFileSync(Buffer.concat([Buffer.from(join(root, 'conf')), Buffer.from([0x2f, 0x66, 0xe9, 0xff])]), 'latin1\n');
  for (const f of ['conf/app.yaml', 'big.bin', 'empty', 'conf/café.yaml']) utimesSync(join(root, f), SET_BACK, SET_BACK);
  return root;
}

describe('the stat cache of live file hashes', () => {
  it('serves unchanged files without hashing them, and hashes a file rewritten with its size and mtime set back', async () => {
    const root = tree();
    const file = join(tempDir(), 'live.sealed');
    const key = randomBytes(32);
    const { hasher, hashed } = counting();
    const walk = async () => {
      const cache = await LiveStatCache.load(file, key, AD, Buffer.from(root), later());
      const blobs = await blobsOf(liveChildren(Buffer.from(root), hasher, cache));
      await cache.save();
      return { blobs, counts: cache.counts };
    };
    const cold = await walk();
    expect(cold.counts).toEqual({ reused: 0, added: FILES });
    hashed.n = 0;
    const warm = await walk();
    expect(warm).toEqual({ blobs: cold.blobs, counts: { reused: FILES, added: 0 } });
    expect(hashed.n).toBe(0);

    // What a hijacked agent does to hide a change: same size, mtime set back. The ctime moved.
    const app = join(root, 'conf', 'app.yaml');
    const before = statSync(app, { bigint: true });
    await new Promise((r) => setTimeout(r, 20)); // past a coarse clock's tick: the rewrite gets a later ctime
    writeFileSync(app, 'replicas: 0\n');
    utimesSync(app, SET_BACK, SET_BACK);
    const now = statSync(app, { bigint: true });
    expect([now.size, now.mtimeNs]).toEqual([before.size, before.mtimeNs]);
    expect(now.ctimeNs).not.toBe(before.ctimeNs);
    const after = await walk();
    expect(after.counts).toEqual({ reused: FILES - 1, added: 1 });
    expect(after.blobs['conf/app.yaml']).not.toBe(cold.blobs['conf/app.yaml']);
    expect({ ...after.blobs, 'conf/app.yaml': '' }).toEqual({ ...cold.blobs, 'conf/app.yaml': '' });
  });

  it('does not cache a racy file (times not older than the hashing): it is hashed again next time', async () => {
    const root = tree();
    const file = join(tempDir(), 'live.sealed');
    const key = randomBytes(32);
    const { hasher, hashed } = counting();
    const now = BigInt(Date.now()) * 1_000_000n;
    // The files were written just now: within the margin before the walk's start.
    for (let round = 0; round < 2; round++) {
      hashed.n = 0;
      const cache = await LiveStatCache.load(file, key, AD, Buffer.from(root), now);
      await blobsOf(liveChildren(Buffer.from(root), hasher, cache));
      await cache.save();
      expect(cache.counts).toEqual({ reused: 0, added: 0 });
      expect(hashed.n).toBeGreaterThan(0);
    }
    // One that is old enough by the same clock is cached.
    const cache = await LiveStatCache.load(file, key, AD, Buffer.from(root), now + RACY_MARGIN_NS + 10_000_000_000n);
    await blobsOf(liveChildren(Buffer.from(root), hasher, cache));
    expect(cache.counts.added).toBe(FILES);
  });

  it('ignores a cache sealed under another key or AD (another identity, vault or hashing) and a damaged one, and writes it anew', async () => {
    const root = tree();
    const dir = tempDir();
    const file = join(dir, 'live.sealed');
    const key = randomBytes(32);
    const { hasher } = counting();
    const walk = async (k: Buffer, ad = AD) => {
      const cache = await LiveStatCache.load(file, k, ad, Buffer.from(root), later());
      await blobsOf(liveChildren(Buffer.from(root), hasher, cache));
      await cache.save();
      return cache.counts;
    };
    expect(await walk(key)).toEqual({ reused: 0, added: FILES });
    const theirs = join(dir, 'theirs.sealed');
    copyFileSync(file, theirs);
    expect(await walk(randomBytes(32))).toEqual({ reused: 0, added: FILES });
    copyFileSync(theirs, file);
    expect(await walk(key, `${AD} another hashing`)).toEqual({ reused: 0, added: FILES });
    copyFileSync(theirs, file);
    expect(await walk(key)).toEqual({ reused: FILES, added: 0 });

    const damaged = readFileSync(file);
    damaged[damaged.length - 20]! ^= 1;
    writeFileSync(file, damaged);
    expect(await walk(key)).toEqual({ reused: 0, added: FILES });
    expect(await walk(key)).toEqual({ reused: FILES, added: 0 });
    writeFileSync(file, 'not a cache');
    expect(await walk(key)).toEqual({ reused: 0, added: FILES });
    expect(await walk(key)).toEqual({ reused: FILES, added: 0 });
  });

  it('keeps other roots beside the one walked, and drops records of files gone or changed', async () => {
    const a = tree();
    const b = tree();
    const file = join(tempDir(), 'live.sealed');
    const key = randomBytes(32);
    const { hasher } = counting();
    const walk = async (root: string) => {
      const cache = await LiveStatCache.load(file, key, AD, Buffer.from(root), later());
      await blobsOf(liveChildren(Buffer.from(root), hasher, cache));
      await cache.save();
      return cache.counts;
    };
    expect(await walk(a)).toEqual({ reused: 0, added: FILES });
    expect(await walk(b)).toEqual({ reused: 0, added: FILES });
    chmodSync(join(a, 'big.bin'), 0o600); // the mode is part of the key
    expect(await walk(a)).toEqual({ reused: FILES - 1, added: 1 });
    expect(await walk(b)).toEqual({ reused: FILES, added: 0 });
    writeFileSync(join(a, 'empty'), 'no longer');
    expect(await walk(a)).toEqual({ reused: FILES - 1, added: 1 });
    expect(existsSync(file)).toBe(true);
  });

  it('finds records whatever order the files are met in: the last walk\'s, with files deleted or added, or another', async () => {
    const root = tempDir();
    const count = MOST_STRAYS + 100;
    for (let i = 0; i < count; i++) writeFileSync(join(root, `f${i}`), `${i}\n`);
    const file = join(tempDir(), 'live.sealed');
    const key = randomBytes(32);
    const { hasher } = counting();
    const cache = await LiveStatCache.load(file, key, AD, Buffer.from(root), later());
    const first = await blobsOf(liveChildren(Buffer.from(root), hasher, cache));
    await cache.save();
    expect(cache.counts.added).toBe(count);

    const names = readdirSync(root);
    const lookups = async (order: string[]) => {
      const c = await LiveStatCache.load(file, key, AD, Buffer.from(root), later());
      const found = order.filter((n) => {
        const ids = c.lookup(n, statSync(join(root, n), { bigint: true }));
        if (ids) expect(ids.join()).toBe(first[n]);
        return ids;
      });
      return found.length;
    };
    // In order, with every tenth file gone (and one new one in the middle): all the others found.
    const some = names.filter((_, i) => i % 10 !== 0);
    writeFileSync(join(root, 'new'), 'new\n');
    some.splice(50, 0, 'new');
    expect(await lookups(some)).toBe(some.length - 1);
    // Backwards: the first MOST_STRAYS are taken as not cached (hashed again), then the map finds the rest.
    expect(await lookups([...names].reverse())).toBe(count - MOST_STRAYS);
  });
});
