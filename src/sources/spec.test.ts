import { describe, expect, it } from 'vitest';
import { basename } from 'node:path';
import { parseSourceSpec } from './spec.js';

describe('source specs', () => {
  it('names a source after its locator unless named', () => {
    expect(parseSourceSpec('dir:/etc/app/')).toMatchObject({ name: 'app', kind: 'dir', locator: '/etc/app' });
    expect(parseSourceSpec('dir:.').name).toBe(basename(process.cwd()));
    expect(parseSourceSpec('db=stream:pg_dump app')).toMatchObject({ name: 'db', kind: 'stream', locator: 'pg_dump app' });
    expect(parseSourceSpec('stream:/usr/bin/terraform state pull').name).toBe('terraform');
    expect(parseSourceSpec('git:git@github.com:acme/api.git')).toMatchObject({ name: 'api', locator: 'git@github.com:acme/api.git' });
    expect(parseSourceSpec('git:https://x.example/acme/web.git?x=1').name).toBe('web');
  });
  it('refuses what it cannot use, saying how to write it', () => {
    expect(() => parseSourceSpec('nope')).toThrow(/\[NAME=\]dir:PATH/);
    expect(() => parseSourceSpec('ftp:x')).toThrow(/unknown source kind "ftp"/);
    expect(() => parseSourceSpec('bad name=dir:/x')).toThrow(/cannot name a source/);
  });
});
