import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readdirSync, readSync, statSync, writeFileSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { deflateSync } from 'node:zlib';
import { join } from 'node:path';
import { parseLsTree } from './git-listing.js';
import { MirrorObjects } from './mirror-objects.js';
import type { MirrorFiles } from './mirror-files.js';
import { commitText, listTree, treeOf } from './mirror-tree.js';

const ENV = { ...process.env, GIT_AUTHOR_NAME: 'Ada Lovelace', GIT_AUTHOR_EMAIL: 'ada@example.com', GIT_COMMITTER_NAME: 'C', GIT_COMMITTER_EMAIL: 'c@example.com', GIT_AUTHOR_DATE: '1700000000 +0530', GIT_COMMITTER_DATE: '1700000100 -0800' };
const git = (cwd: string, ...args: string[]): Buffer => {
  const r = spawnSync('git', args, { cwd, env: ENV, maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${String(r.stderr)}`);
  return r.stdout;
};

/** A bare repository's files on disk, read by range: what the vault gives the reader, without a vault. */
const onDisk = (root: string): MirrorFiles & { bytesRead: number } => ({
  bytesRead: 0,
  list: async (dir) => {
    try {
      return readdirSync(join(root, dir)).filter((n) => statSync(join(root, dir, n)).isFile()).map((name) => ({ name, size: statSync(join(root, dir, name)).size }));
    } catch {
      return [];
    }
  },
  async read(path, start, end) {
    const fd = openSync(join(root, path), 'r');
    const buf = Buffer.alloc(end - start);
    readSync(fd, buf, 0, buf.length, start);
    closeSync(fd);
    this.bytesRead += buf.length;
    return buf;
  },
});

/** A work tree with history whose files change a little each commit (so repack makes deltas), a branch and an annotated tag. */
function repo(format: 'sha1' | 'sha256'): { work: string; bare: string } {
  const dir = mkdtempSync(join(tmpdir(), 'bulkhead-objects-'));
  const work = join(dir, 'work');
  mkdirSync(work);
  git(work, 'init', '-q', '-b', 'main', `--object-format=${format}`);
  const big = Array.from({ length: 3000 }, (_, i) => `line ${i} of a file long enough to be stored as a delta\n`).join('');
  for (let i = 0; i < 6; i++) {
    mkdirSync(join(work, 'src/deep/er'), { recursive: true });
    writeFileSync(join(work, 'src/deep/er/big.txt'), big.replace(`line ${i * 7} `, `line ${i * 7} changed `));
    writeFileSync(join(work, `notes-${i % 3}.md`), `note ${i}\n`);
    writeFileSync(join(work, 'ünïcode näme.txt'), `v${i}\n`);
    git(work, 'add', '-A');
    git(work, 'commit', '-qm', `commit ${i}\n\nwith a body`);
    if (i === 3) git(work, 'branch', 'older');
  }
  git(work, 'tag', '-a', 'v1', '-m', 'release one', 'older');
  const bare = join(dir, 'bare.git');
  git(dir, 'clone', '-q', '--mirror', work, bare);
  return { work, bare };
}

describe('a mirror\'s objects read from its files, as git would', () => {
  for (const format of ['sha1', 'sha256'] as const) {
    it(`lists a ref's tree with sizes and reads blobs and commits exactly as git does (${format}, packed with deltas, then loose)`, async () => {
      const { work, bare } = repo(format);
      git(bare, 'repack', '-a', '-d', '-q', '--depth=50', '--window=50');
      // A commit fetched later arrives loose: both places are read.
      writeFileSync(join(work, 'late.txt'), 'a loose object\n');
      git(work, 'add', '-A');
      git(work, 'commit', '-qm', 'late');
      git(bare, 'fetch', '-q', work, '+refs/heads/*:refs/heads/*');
      expect(readdirSync(join(bare, 'objects')).some((d) => /^[0-9a-f]{2}$/.test(d))).toBe(true);
      const files = onDisk(bare);
      const objects = await MirrorObjects.open(files, format === 'sha256' ? 32 : 20, 'r');
      for (const ref of ['main', 'older', 'v1']) {
        const oid = git(bare, 'rev-parse', ref).toString().trim();
        const listed = await listTree(objects, await treeOf(objects, oid), new Map());
        expect(listed).toEqual(parseLsTree(git(bare, 'ls-tree', '-r', '-l', '-z', '--full-tree', oid)));
        for (const f of listed) expect((await objects.get(f.oid)).content).toEqual(git(bare, 'cat-file', 'blob', f.oid));
      }
      const tag = git(bare, 'rev-parse', 'v1').toString().trim();
      const shown = git(bare, 'show', '-s', '--format=commit %H%nAuthor: %an <%ae>%nDate:   %aI%nCommitter: %cn, %cI%n%n%B', `${tag}^{commit}`).toString();
      expect(await commitText(objects, tag)).toBe(`${git(bare, 'cat-file', 'tag', tag).toString().trim()}\n\n${shown}`);
    });
  }

  it('reads only the bytes of the objects asked for, not the pack', async () => {
    const { bare } = repo('sha1');
    git(bare, 'repack', '-a', '-d', '-q');
    const files = onDisk(bare);
    const objects = await MirrorObjects.open(files, 20, 'r');
    const packBytes = readdirSync(join(bare, 'objects/pack')).filter((n) => n.endsWith('.pack')).reduce((n, p) => n + statSync(join(bare, 'objects/pack', p)).size, 0);
    const idxBytes = files.bytesRead;
    const oid = git(bare, 'rev-parse', 'main:notes-0.md').toString().trim();
    expect((await objects.get(oid)).content.toString()).toMatch(/^note \d\n$/);
    expect(files.bytesRead - idxBytes).toBeLessThan(packBytes / 10);
  });

  it('refuses an object whose bytes do not hash to its id', async () => {
    const { bare } = repo('sha1');
    git(bare, 'repack', '-a', '-d', '-q');
    const oid = git(bare, 'rev-parse', 'main:notes-0.md').toString().trim();
    // Another object's entry stands at this one's offset: the index lies about where the object is.
    const other = git(bare, 'rev-parse', 'main:notes-1.md').toString().trim();
    const files = onDisk(bare);
    const objects = await MirrorObjects.open(files, 20, 'r');
    const pack = objects.packs[0]!;
    const at = pack.index.offsetOf(other)!;
    (pack.index as unknown as { offsetOf: (o: string) => number | undefined }).offsetOf = (o) => (o === oid ? at : undefined);
    await expect(objects.get(oid)).rejects.toThrow(/does not hash to its id \(damaged or forged\)/);
    expect(readFileSync(join(bare, 'HEAD'), 'utf8')).toMatch(/refs\/heads\/main/);
  });

  it('refuses a forged entry that would inflate past what its head says, or claims more than it opens', async () => {
    const oid = 'ab'.repeat(20);
    /** A one-object pack (an entry head claiming `size` bytes, then `data` deflated) and its version 2 index. */
    const forged = (size: number, data: Buffer): MirrorFiles => {
      const head = [0x30 | (size & 15)]; // type 3 (blob)
      for (let rest = Math.floor(size / 16); rest > 0; rest = Math.floor(rest / 128)) {
        head[head.length - 1]! |= 0x80;
        head.push(rest & 0x7f);
      }
      const pack = Buffer.concat([Buffer.from('PACK\0\0\0\x02\0\0\0\x01', 'latin1'), Buffer.from(head), deflateSync(data), Buffer.alloc(20)]);
      const idx = Buffer.alloc(8 + 1024 + 20 + 4 + 4 + 40);
      idx.writeUInt32BE(0xff744f63, 0);
      idx.writeUInt32BE(2, 4);
      for (let b = 0xab; b < 256; b++) idx.writeUInt32BE(1, 8 + b * 4);
      Buffer.from(oid, 'hex').copy(idx, 8 + 1024);
      idx.writeUInt32BE(12, 8 + 1024 + 20 + 4);
      const files: Record<string, Buffer> = { 'objects/pack/pack-1.pack': pack, 'objects/pack/pack-1.idx': idx };
      return {
        list: async (dir) => Object.entries(files).filter(([p]) => p.startsWith(`${dir}/`)).map(([p, b]) => ({ name: p.slice(dir.length + 1), size: b.length })),
        read: async (path, start, end) => files[path]!.subarray(start, end),
      };
    };
    const bomb = await MirrorObjects.open(forged(10, Buffer.alloc(1024 * 1024)), 20, 'r');
    await expect(bomb.get(oid)).rejects.toThrow(/r: objects\/pack\/pack-1\.pack at 12: its data does not inflate/);
    const huge = await MirrorObjects.open(forged(2 ** 40, Buffer.alloc(10)), 20, 'r');
    await expect(huge.get(oid)).rejects.toThrow(/an entry of 1099511627776 bytes, more than this reader opens/);
  });
});
