import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, renameSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileStore } from './file-store.js';
import { stagedPrefix } from './dead-staged.js';
import { tempDir } from '../../test/helpers/vault.js';

describe('file store posture', () => {
  it('says what a local folder is in whole notes: each is one point in the console and one "note:" line of the CLI', async () => {
    const store = await FileStore.create(join(tempDir(), 'vault'));
    const { notes, lockMode } = await store.posture();
    expect(lockMode).toBe('LOCAL');
    // It was one sentence cut in two: "…carry no write bit," then "but an administrator…", two points.
    expect(notes).toEqual(['local folder: Bulkhead never overwrites or deletes and files carry no write bit, but an administrator of this machine can still delete them; keep an S3 Object Lock copy too']);
  });
});

describe('file store reads', () => {
  it('answers a small ranged read after the event loop turns: a restore awaiting one after another lets the console answer its polls and a Cancel', async () => {
    const store = await FileStore.create(join(tempDir(), 'vault'));
    await store.put('data/ab/abcd', Buffer.from('0123456789'), { retainUntil: new Date(Date.now() + 86_400_000) });
    let turns = 0;
    const turn = () => {
      turns++;
      if (turns < 1000) setImmediate(turn);
    };
    setImmediate(turn);
    const before = turns;
    for (let i = 0; i < 5; i++) expect((await store.get('data/ab/abcd', { range: { start: 2, end: 5 } })).toString()).toBe('234');
    expect(turns - before).toBeGreaterThanOrEqual(4);
    turns = 1000; // stops the chain
  });
});

describe('file store one-key listing', () => {
  it('finds a key as list(key) does: not through a symlinked folder on the way', async () => {
    const root = join(tempDir(), 'vault');
    const store = await FileStore.create(root);
    const key = `data/ab/ab${'0'.repeat(62)}`;
    await store.put(key, Buffer.from('x'), { retainUntil: new Date(Date.now() + 86_400_000) });
    expect((await store.versionsOf(key)).map((v) => v.key)).toEqual([key]);
    // a writer of the local vault moves the folder away and links its name to it
    const elsewhere = join(tempDir(), 'elsewhere');
    mkdirSync(elsewhere);
    renameSync(join(root, 'data', 'ab'), join(elsewhere, 'ab'));
    symlinkSync(join(elsewhere, 'ab'), join(root, 'data', 'ab'));
    expect(await store.list(key)).toEqual([]);
    expect(await store.versionsOf(key)).toEqual([]);
  });
});

describe('file store staged packs', () => {
  const options = { retainUntil: new Date(Date.now() + 86_400_000) };
  const stage = (dir: string, name: string, text: string): string => {
    const path = join(dir, name);
    writeFileSync(path, text, { mode: 0o444 });
    return path;
  };

  it('links a staged file in as the key, with its retention, and refuses a key that is taken; the staged file goes either way', async () => {
    const store = await FileStore.create(join(tempDir(), 'vault'));
    const dir = store.stagingDir();
    await store.putStaged('data/ab/abcd', stage(dir, `pack-${process.pid}-a-1`, 'first'), options);
    expect((await store.get('data/ab/abcd')).toString()).toBe('first');
    expect((await store.head('data/ab/abcd'))?.retainUntil).toEqual(options.retainUntil);
    await expect(store.putStaged('data/ab/abcd', stage(dir, `pack-${process.pid}-a-2`, 'second'), options)).rejects.toMatchObject({ code: 'EXISTS' });
    expect((await store.get('data/ab/abcd')).toString()).toBe('first');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('clears the packs a dead process of this host left staged, and another host\'s only once a day old', async () => {
    const root = join(tempDir(), 'vault');
    const dir = (await FileStore.create(root)).stagingDir();
    const dead = Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString());
    const killed = basename(stage(dir, `${basename(stagedPrefix(dir, dead))}1`, 'left by a killed backup'));
    const running = basename(stage(dir, `${basename(stagedPrefix(dir))}2`, 'a backup running now'));
    const elsewhere = basename(stage(dir, `pack-00000000-${dead}-abcdef-3`, 'a backup on another host sharing the folder'));
    const old = basename(stage(dir, 'pack-00000000-1-abcdef-4', 'left two days ago on another host'));
    utimesSync(join(dir, old), new Date(Date.now() - 2 * 86_400_000), new Date(Date.now() - 2 * 86_400_000));
    stage(dir, 'other', 'not a staged pack');
    expect((await FileStore.open(root)).stagingDir()).toBe(dir);
    const left = readdirSync(dir);
    expect(left.sort()).toEqual(['other', running, elsewhere].sort());
    expect(left).not.toContain(killed);
  });
});
