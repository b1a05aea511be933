import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeVault, tempDir } from '../helpers/vault.js';
import { RogueWriter } from '../helpers/rogue-tree.js';
import { openVault } from '../../src/ops/open-vault.js';
import { restore } from '../../src/ops/restore/restore.js';
import { restoreToStream } from '../../src/ops/restore/to-stream.js';
import { snapshotFor } from '../../src/ops/snapshot-ref.js';
import { Writable } from 'node:stream';

/**
 * A file's content is a list of blob ids: a hijacked writer can sign a tree whose file names one
 * stored chunk thousands of times (terabytes from one blob) while recording a small size.
 * The restore checked the size only once the file was whole, so it first wrote all of it into the
 * operator's disk. No file may take more than the size its snapshot recorded.
 */
describe('a file a hijacked writer made of one chunk named many times', () => {
  it.each([['in the main thread', false], ['through the restore workers', true]])('%s: is cut at the size its tree recorded: refused, never written whole; the rest restores', async (_how, workers) => {
    const v = await makeVault();
    const rogue = await RogueWriter.open(v.store, v.writer);
    const one = await rogue.file('chunk.bin', randomBytes(20_000).toString('hex')); // 40,000 bytes
    const ok = await rogue.file('ok.txt', 'fine\n');
    const bomb = { ...one, name: 'bomb.bin', size: 100_000, blobs: Array.from({ length: 2000 }, () => one.blobs![0]!) };
    const snapshot = await rogue.snapshot([{ name: 'app', root: await rogue.tree([bomb, ok]) }]);

    const reader = await openVault(v.store, v.identity, tempDir());
    if (workers) reader.workersFromBytes = 0; // whatever the size (the CLI's threshold is 32 MiB)
    try {
      const out = join(tempDir(), 'out');
      const r = await restore({ reader, snapshot, path: 'app', target: out, dryRun: false, overwrite: false });
      expect(r.failures.map((f) => [f.path, f.reason])).toEqual([['bomb.bin', expect.stringMatching(/runs past the 100000 bytes the snapshot recorded/)]]);
      expect(readFileSync(join(out, 'ok.txt'), 'utf8')).toBe('fine\n');
    } finally {
      await reader.close();
    }
  });

  it('that records its size as a petabyte: the restore is refused before anything is written', async () => {
    const v = await makeVault();
    const rogue = await RogueWriter.open(v.store, v.writer);
    const one = await rogue.file('chunk.bin', randomBytes(20_000).toString('hex'));
    const bomb = { ...one, name: 'bomb.bin', size: 2 ** 50, blobs: Array.from({ length: 2000 }, () => one.blobs![0]!) };
    const snapshot = await rogue.snapshot([{ name: 'app', root: await rogue.tree([bomb]) }]);
    const reader = await openVault(v.store, v.identity, tempDir());
    try {
      const out = join(tempDir(), 'out');
      await expect(restore({ reader, snapshot, path: 'app', target: out, dryRun: false, overwrite: false })).rejects.toMatchObject({ code: 'NO_SPACE', message: expect.stringMatching(/^this restore needs 1024\.0 TiB and .* free: nothing was written/) });
      expect(existsSync(out)).toBe(false);
    } finally {
      await reader.close();
    }
  });

  it('to standard output (restore --target -): stops at the recorded size, before the next blob goes out', async () => {
    const v = await makeVault();
    const rogue = await RogueWriter.open(v.store, v.writer);
    const one = await rogue.file('chunk.bin', randomBytes(20_000).toString('hex')); // 40,000 bytes
    const bomb = { ...one, name: 'bomb.bin', size: 100_000, blobs: Array.from({ length: 2000 }, () => one.blobs![0]!) };
    const snapshot = await rogue.snapshot([{ name: 'app', root: await rogue.tree([bomb]) }]);
    const reader = await openVault(v.store, v.identity, tempDir());
    try {
      let written = 0;
      const out = new Writable({ write: (chunk: Buffer, _enc, done) => void ((written += chunk.length), done()) });
      await expect(restoreToStream(reader, await snapshotFor(reader, snapshot), 'app/bomb.bin', out)).rejects.toMatchObject({ code: 'CHECK_FAILED', message: expect.stringMatching(/more than the 100000 bytes the snapshot records; stopped after 80000 bytes/) });
      expect(written).toBe(80_000); // 80 MB had gone out before
    } finally {
      await reader.close();
    }
  });
});

