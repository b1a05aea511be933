import { describe, expect, it } from 'vitest';
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
});
