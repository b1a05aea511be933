import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { lstatSync, mkdirSync, readFileSync, readdirSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { tempDir } from '../../../test/helpers/vault.js';
import { AsideFolder, asideName, ownNamed } from './aside-folder.js';

/** A live folder holding conf/app.ini and top.txt, an aside folder for it, and a folder outside it. */
function setup() {
  const live = tempDir();
  mkdirSync(join(live, 'conf'));
  writeFileSync(join(live, 'conf/app.ini'), 'live\n');
  writeFileSync(join(live, 'top.txt'), 'top\n');
  const name = asideName(new Date('2026-12-03T17:47:32.123Z'));
  return { live, name, aside: new AsideFolder(live, name), outside: tempDir() };
}

describe('the aside folder of an in-place restore', () => {
  it('is named with the time and a random part no writer can plant ahead', () => {
    const a = asideName(new Date('2026-12-03T17:47:32.123Z'));
    expect(a).toMatch(/^\.bulkhead-replaced-20261203T174732Z-[0-9a-f]{16}$/);
    expect(asideName(new Date('2026-12-03T17:47:32.123Z'))).not.toBe(a);
  });

  it('knows the names of Bulkhead\'s own folders at any depth, and nothing else', () => {
    expect(ownNamed('.bulkhead-replaced-20261203T174732Z/conf')).toBe('.bulkhead-replaced-20261203T174732Z');
    expect(ownNamed(Buffer.from('a/.bulkhead-restore-12-ab/x'))).toBe('a/.bulkhead-restore-12-ab');
    expect(ownNamed('.target.bulkhead-restore-1-00')).toBe('.target.bulkhead-restore-1-00');
    for (const fine of ['bulkhead-replaced-1', 'a/.bulkhead-replacedx', 'notes/.bulkhead', 'x.bulkhead-restore-1']) expect(ownNamed(fine)).toBeUndefined();
  });

  it('moves live entries in, relative paths kept, every folder its own and 0700', () => {
    const { live, name, aside } = setup();
    aside.move(Buffer.from('conf/app.ini'), 'conf/app.ini');
    aside.move(Buffer.from('top.txt'), 'top.txt');
    expect(readFileSync(join(live, name, 'conf/app.ini'), 'utf8')).toBe('live\n');
    expect(readFileSync(join(live, name, 'top.txt'), 'utf8')).toBe('top\n');
    for (const d of ['', 'conf']) expect(lstatSync(join(live, name, d)).mode & 0o777).toBe(0o700);
    expect(aside.stillThere()).toEqual({ there: ['conf/app.ini', 'top.txt'], gone: [] });
  });

  it('never reuses a folder that is there already: the live entry stays', () => {
    const { live, name, aside, outside } = setup();
    mkdirSync(join(live, name));
    symlinkSync(outside, join(live, name, 'conf'));
    expect(() => aside.move(Buffer.from('conf/app.ini'), 'conf/app.ini')).toThrow(expect.objectContaining({ code: 'EXISTS', message: expect.stringMatching(/is there already and this restore did not make it \(another folder\)/) }));
    expect(readdirSync(outside)).toEqual([]);
    expect(readFileSync(join(live, 'conf/app.ini'), 'utf8')).toBe('live\n');
  });

  it('a folder inside it swapped for a symlink is never moved through', () => {
    const { live, name, aside, outside } = setup();
    mkdirSync(join(live, 'conf/sub'));
    writeFileSync(join(live, 'conf/sub/b.ini'), 'b\n');
    aside.move(Buffer.from('conf/app.ini'), 'conf/app.ini');
    renameSync(join(live, name, 'conf'), join(live, 'conf-was'));
    symlinkSync(outside, join(live, name, 'conf'));
    expect(() => aside.move(Buffer.from('conf/sub/b.ini'), 'conf/sub/b.ini')).toThrow(expect.objectContaining({ code: 'TARGET_NOT_EMPTY', message: expect.stringMatching(/conf is no longer the folder this restore made \(a symlink now\)/) }));
    expect(readdirSync(outside)).toEqual([]);
    expect(readFileSync(join(live, 'conf/sub/b.ini'), 'utf8')).toBe('b\n');
    // …nor a subfolder made by anyone else, followed or not
    mkdirSync(join(live, 'x'));
    writeFileSync(join(live, 'x/y'), 'y\n');
    symlinkSync(outside, join(live, name, 'x'));
    expect(() => aside.move(Buffer.from('x/y'), 'x/y')).toThrow(expect.objectContaining({ code: 'EXISTS', message: expect.stringMatching(/x is there already and this restore did not make it \(a symlink\)/) }));
    expect(readdirSync(outside)).toEqual([]);
  });

  it('refuses a destination that exists (a symlink too), and says which moved copies are no longer there', () => {
    const { live, name, aside, outside } = setup();
    aside.move(Buffer.from('conf/app.ini'), 'conf/app.ini');
    writeFileSync(join(live, 'conf/app.ini'), 'again\n');
    expect(() => aside.move(Buffer.from('conf/app.ini'), 'conf/app.ini')).toThrow(expect.objectContaining({ code: 'EXISTS' }));
    expect(readFileSync(join(live, 'conf/app.ini'), 'utf8')).toBe('again\n');
    renameSync(join(live, name, 'conf/app.ini'), join(outside, 'gone'));
    symlinkSync(join(outside, 'gone'), join(live, name, 'conf/app.ini'));
    expect(aside.stillThere()).toEqual({ there: [], gone: [{ path: 'conf/app.ini', reason: expect.stringMatching(/is a symlink now, not the copy moved there$/) }] });
  });

  it('takes only plain relative paths', () => {
    const { aside } = setup();
    for (const bad of ['../x', 'a//b', './a', '']) expect(() => aside.move(Buffer.from(bad), bad)).toThrow(expect.objectContaining({ code: 'USAGE' }));
  });
});
