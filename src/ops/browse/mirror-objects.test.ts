import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readdirSync, readSync, statSync, mkdirSync, readFileSync } from 'node:fs';
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

/** Blob contents by id, through one `git cat-file --batch` (not a process per blob). */
function blobs(bare: string, oids: string[]): Map<string, Buffer> {
  const out = spawnSync('git', ['cat-file', '--batch'], { cwd: bare, input: oids.join('\n') + '\n', maxBuffer: 1 << 28 }).stdout;
  const found = new Map<string, Buffer>();
  for (let at = 0; at < out.length; ) {
    const eol = out.indexOf(10, at);
    const [oid, , size] = out.subarray(at, eol).toString().split(' ');
    found.set(oid!, out.subarray(eol + 1, eol + 1 + Number(size)));
    at = eol + 1 + Number(size) + 1;
  }
  return found;
}

/** One commit for fast-import, by an author and a committer in two time zones (the commit text shows them). */
function commit(ref: string, mark: number, files: Record<string, string>, message: string, from?: string): string {
  const data = (text: string) => `data ${Buffer.byteLength(text)}\n${text}\n`;
  const changes = Object.entries(files).map(([path, body]) => `M 100644 inline ${path}\n${data(body)}`).join('');
  return `commit ${ref}\nmark :${mark}\nauthor Ada Lovelace <ada@example.com> ${1700000000 + mark} +0530\ncommitter C <c@example.com> ${1700000100 + mark} -0800\n${data(message)}${from ? `from ${from}\n` : ''}${changes}\n`;
}

/**
 * A work tree with history whose files change a little each commit (so repack makes deltas), a
 * branch and an annotated tag, written by one `git fast-import`; its mirror a clone of it.
 */
function repo(format: 'sha1' | 'sha256'): { work: string; bare: string } {
  const dir = mkdtempSync(join(tmpdir(), 'bulkhead-objects-'));
  const work = join(dir, 'work');
  mkdirSync(work);
  git(work, 'init', '-q', '-b', 'main', `--object-format=${format}`);
  const big = Array.from({ length: 3000 }, (_, i) => `line ${i} of a file long enough to be stored as a delta\n`).join('');
  let stream = '';
  for (let i = 0; i < 6; i++) {
    stream += commit('refs/heads/main', i + 1, { 'src/deep/er/big.txt': big.replace(`line ${i * 7} `, `line ${i * 7} changed `), [`notes-${i % 3}.md`]: `note ${i}\n`, 'ünïcode näme.txt': `v${i}\n` }, `commit ${i}\n\nwith a body`);
    if (i === 3) stream += 'reset refs/heads/older\nfrom :4\n\n';
  }
  stream += 'tag v1\nfrom :4\ntagger T <t@example.com> 1700000200 +0000\ndata 11\nrelease one\n';
  gitIn(work, stream, 'fast-import', '--quiet');
  git(work, 'reset', '-q', '--hard');
  const bare = join(dir, 'bare.git');
  git(dir, 'clone', '-q', '--mirror', work, bare);
  return { work, bare };
}

const gitIn = (cwd: string, input: string, ...args: string[]) => {
  const r = spawnSync('git', args, { cwd, env: ENV, input });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${String(r.stderr)}`);
};

describe('a mirror\'s objects read from its files, as git would', () => {
  for (const format of ['sha1', 'sha256'] as const) {
    it(`lists a ref's tree with sizes and reads blobs and commits exactly as git does (${format}, packed with deltas, then loose)`, async () => {
      const { work, bare } = repo(format);
      git(bare, 'repack', '-a', '-d', '-q', '--depth=50', '--window=50');
      // A commit fetched later arrives loose: both places are read.
      gitIn(work, commit('refs/heads/main', 7, { 'late.txt': 'a loose object\n' }, 'late', 'refs/heads/main^0'), 'fast-import', '--quiet');
      git(bare, 'fetch', '-q', work, '+refs/heads/*:refs/heads/*');
      expect(readdirSync(join(bare, 'objects')).some((d) => /^[0-9a-f]{2}$/.test(d))).toBe(true);
      const files = onDisk(bare);
      const objects = await MirrorObjects.open(files, format === 'sha256' ? 32 : 20, 'r');
      for (const ref of ['main', 'older', 'v1']) {
        const oid = git(bare, 'rev-parse', ref).toString().trim();
        const listed = await listTree(objects, await treeOf(objects, oid), new Map());
        expect(listed).toEqual(parseLsTree(git(bare, 'ls-tree', '-r', '-l', '-z', '--full-tree', oid)));
        const byGit = blobs(bare, listed.map((f) => f.oid));
        for (const f of listed) expect((await objects.get(f.oid)).content).toEqual(byGit.get(f.oid));
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

  it('reads a big blob\'s first bytes only for a preview, compressible or not; and streams it whole in pieces for a restore; another object is the caller\'s to read whole', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mirror-head-'));
    const work = join(dir, 'work');
    git(dir, 'init', '-q', '-b', 'main', work);
    const random = Buffer.alloc(3 << 20);
    for (let i = 0; i < random.length; i += 4) random.writeUInt32LE((i * 2654435761) >>> 0, i); // incompressible enough
    const zeros = Buffer.alloc(8 << 20);
    const stream = Buffer.concat([Buffer.from(`blob\nmark :1\ndata ${random.length}\n`), random, Buffer.from(`\nblob\nmark :2\ndata ${zeros.length}\n`), zeros, Buffer.from(`\ncommit refs/heads/main\ncommitter c <c@x> 1 +0000\ndata 1\nx\nM 100644 :1 random.bin\nM 100644 :2 zeros.bin\n\n`)]);
    const r = spawnSync('git', ['fast-import', '--quiet'], { cwd: work, input: stream });
    expect(r.status).toBe(0);
    const bare = join(work, '.git');
    git(bare, 'repack', '-a', '-d', '-q');
    const files = onDisk(bare);
    const objects = await MirrorObjects.open(files, 20, 'r');
    for (const [name, bytes] of [['random.bin', random], ['zeros.bin', zeros]] as const) {
      const oid = git(bare, 'rev-parse', `main:${name}`).toString().trim();
      const before = files.bytesRead;
      const head = await objects.blobHead(oid, 256 * 1024);
      expect(head?.equals(bytes.subarray(0, 256 * 1024))).toBe(true);
      expect(files.bytesRead - before).toBeLessThan(1536 << 10); // not the file's 3 or 8 MiB
    }
    const tree = git(bare, 'rev-parse', 'main^{tree}').toString().trim();
    expect(await objects.blobHead(tree, 10)).toBeUndefined(); // not a blob: read whole by the caller
    // A restore streams it whole, piece by piece, never holding it.
    const pieces: Buffer[] = [];
    expect(await objects.streamBlob(git(bare, 'rev-parse', 'main:zeros.bin').toString().trim(), (p) => pieces.push(p))).toBe(true);
    expect(pieces.length).toBeGreaterThan(1);
    expect(Buffer.concat(pieces).equals(zeros)).toBe(true);
    expect(await objects.streamBlob(tree, () => {})).toBe(false);
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
