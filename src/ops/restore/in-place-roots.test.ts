import { describe, expect, it } from 'vitest';
import { mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { isInPlaceRoot } from './in-place-roots.js';

describe('folders restored in place', () => {
  it('are the listed folders and what is inside them, nothing beside', () => {
    const roots = ['/etc/app', '/srv/configs/'];
    expect(isInPlaceRoot(roots, '/etc/app')).toBe(true);
    expect(isInPlaceRoot(roots, '/etc/app/conf.d')).toBe(true);
    expect(isInPlaceRoot(roots, '/srv/configs')).toBe(true);
    expect(isInPlaceRoot(roots, '/etc/apps')).toBe(false);
    expect(isInPlaceRoot(roots, '/etc')).toBe(false);
    expect(isInPlaceRoot(roots, '/root/.ssh')).toBe(false);
    expect(isInPlaceRoot([], '/etc/app')).toBe(false);
    expect(isInPlaceRoot(['/'], '/root/.ssh')).toBe(true);
  });

  it('as the file system follows the path: .. and symlinks do not lead out of a listed folder', () => {
    const listed = mkdtempSync(join(tmpdir(), 'listed-'));
    const outside = mkdtempSync(join(tmpdir(), 'outside-'));
    symlinkSync(outside, join(listed, 'link'));
    expect(isInPlaceRoot([listed], `${listed}/../${basename(outside)}`)).toBe(false);
    expect(isInPlaceRoot([listed], join(listed, 'link'))).toBe(false);
    expect(isInPlaceRoot([listed], join(listed, 'not-yet'))).toBe(true);
  });
});
