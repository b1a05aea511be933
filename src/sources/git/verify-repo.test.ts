import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fastImport, initBare } from '../../../test/helpers/git-fast.js';
import { listRefs } from './manifest.js';
import { remoteState, verifyRepo } from './verify-repo.js';
import { gitText } from './git.js';

describe('verifyRepo names what git fsck found', () => {
  it('names the missing blob and the tree that links to it; tolerates it only when it was recorded missing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bulkhead-fsck-'));
    try {
      const repo = join(dir, 'r.git');
      initBare(repo);
      fastImport(repo, [{ ref: 'refs/heads/main', files: { 'a.txt': 'kept\n', 'gone.txt': 'this blob will be lost\n' } }]);
      const gone = (await gitText(['rev-parse', 'main:gone.txt'], { gitDir: repo })).trim();
      // fast-import writes a pack: unpack it into loose objects, then lose one.
      await gitText(['repack', '-a', '-d', '-q'], { gitDir: repo });
      const refs = await listRefs(repo);
      await expect(verifyRepo(repo, refs, 'r')).resolves.toBeUndefined();
      execFileSync('sh', ['-c', `cd ${repo} && mv objects/pack/*.pack pack.tmp && rm objects/pack/*.idx && git unpack-objects -q < pack.tmp && rm pack.tmp && rm objects/${gone.slice(0, 2)}/${gone.slice(2)}`]);
      await expect(verifyRepo(repo, refs, 'r')).rejects.toThrow(new RegExp(`r fails git fsck: .*missing blob ${gone.slice(0, 12)}`));
      await expect(verifyRepo(repo, refs, 'r')).rejects.toThrow(/broken link from tree [0-9a-f]{12} to blob/);
      await expect(verifyRepo(repo, refs, 'r', { oids: new Set([gone]), count: 1 })).resolves.toBeUndefined();
      await expect(verifyRepo(repo, refs, 'r', { oids: new Set(['0'.repeat(40)]), count: 1 })).rejects.toThrow(/missing blob/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('passes objects git flags only for their format (an exact copy), and still fails one whose content does not match its id', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bulkhead-fsck-'));
    try {
      const repo = join(dir, 'r.git');
      initBare(repo);
      fastImport(repo, [{ ref: 'refs/heads/main', files: { 'a.txt': 'kept\n' } }]);
      const blob = (await gitText(['rev-parse', 'main:a.txt'], { gitDir: repo })).trim();
      const tree = (await gitText(['rev-parse', 'main^{tree}'], { gitDir: repo })).trim();
      const write = (type: string, body: Buffer) => execFileSync('git', ['hash-object', '-t', type, '-w', '--literally', '--stdin'], { cwd: repo, input: body }).toString().trim();
      const zeroPadded = write('tree', Buffer.concat([Buffer.from('040000 old\0'), Buffer.from(tree, 'hex')]));
      const commit = write('commit', Buffer.from(`tree ${zeroPadded}\nauthor A <a@b> 1100000000 +05030\ncommitter A <a@b> 1100000000 +0000\n\nold\n`));
      await gitText(['update-ref', 'refs/heads/main', commit], { gitDir: repo });
      const refs = await listRefs(repo);
      const said = await verifyRepo(repo, refs, 'r');
      expect(said).toMatch(/^2 format findings in objects as the snapshot holds them \(/);
      expect(said).toMatch(new RegExp(`badTimezone in commit ${commit.slice(0, 12)}`));
      expect(said).toMatch(new RegExp(`zeroPaddedFilemode in tree ${zeroPadded.slice(0, 12)}`));
      // the blob's file now holds other bytes: fsck's hash check, not its format checks, finds it
      await gitText(['repack', '-a', '-d', '-q'], { gitDir: repo });
      execFileSync('sh', ['-c', `cd ${repo} && mv objects/pack/*.pack pack.tmp && rm objects/pack/*.idx && git unpack-objects -q < pack.tmp && rm pack.tmp`]);
      const file = join(repo, 'objects', blob.slice(0, 2), blob.slice(2));
      chmodSync(file, 0o644);
      writeFileSync(file, deflateSync(Buffer.from('blob 4\0lost')));
      await expect(verifyRepo(repo, refs, 'r')).rejects.toThrow(/r fails git fsck: .*(hash-path mismatch|missing blob)/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('remoteState', () => {
  it('lists refs and the branch HEAD names in one ls-remote, symbolic refs and peeled tags left out; undefined for no repository', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bulkhead-remote-'));
    try {
      const repo = join(dir, 'r.git');
      initBare(repo);
      fastImport(repo, [{ ref: 'refs/heads/trunk', files: { 'a.txt': 'a\n' } }]);
      const tip = (await gitText(['rev-parse', 'trunk'], { gitDir: repo })).trim();
      execFileSync('git', ['--git-dir', repo, 'tag', '-a', '-m', 'v1', 'v1', 'trunk']);
      execFileSync('git', ['--git-dir', repo, 'symbolic-ref', 'HEAD', 'refs/heads/trunk']);
      execFileSync('git', ['--git-dir', repo, 'symbolic-ref', 'refs/remotes/origin/HEAD', 'refs/heads/trunk']);
      const tag = (await gitText(['rev-parse', 'v1'], { gitDir: repo })).trim();
      const state = await remoteState(`file://${repo}`);
      expect(state).toEqual({ head: 'trunk', refs: { 'refs/heads/trunk': tip, 'refs/tags/v1': tag, 'refs/remotes/origin/HEAD': tip } });
      execFileSync('git', ['--git-dir', repo, 'symbolic-ref', 'HEAD', 'refs/heads/never-pushed']);
      expect((await remoteState(`file://${repo}`))?.head).toBeNull();
      expect(await remoteState(`file://${join(dir, 'none.git')}`)).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

