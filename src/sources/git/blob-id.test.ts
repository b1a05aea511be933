import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { gitBlobId } from './blob-id.js';

describe('gitBlobId', () => {
  it('is what git hash-object says, CRLF and NUL bytes included', () => {
    const bytes = Buffer.from('line\r\n\0$Format:%H$\n');
    const git = spawnSync('git', ['hash-object', '--stdin'], { input: bytes, encoding: 'utf8' }).stdout.trim();
    expect(gitBlobId(bytes, git)).toBe(git);
    expect(gitBlobId(Buffer.alloc(0), 'e69de29bb2d1d6434b8b29ae775ad8c2e48c5391')).toBe('e69de29bb2d1d6434b8b29ae775ad8c2e48c5391');
  });
});
