import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { makeVault, tempDir } from '../../../test/helpers/vault.js';
import { backup } from '../backup/backup.js';
import { openVault } from '../open-vault.js';
import { parseSourceSpec } from '../../sources/spec.js';
import { planSelection } from './selection-plan.js';
import { runSelection, restoreSelection } from './selection-restore.js';
import type { RestoreProgress } from './run-progress.js';

async function setup(files: number) {
  const v = await makeVault();
  const live = tempDir();
  mkdirSync(join(live, 'many'));
  for (let i = 0; i < files; i++) writeFileSync(join(live, 'many', `f-${i}.txt`), `file ${i}\n`);
  writeFileSync(join(live, 'one.txt'), 'one\n');
  await backup({ store: v.store, credential: v.writer, sources: [parseSourceSpec(`cfg=dir:${live}`)], excludes: [], tags: [], clock: v.clock, cacheRoot: v.cacheRoot });
  return openVault(v.store, v.identity, v.cacheRoot);
}

describe('a restore run (runSelection)', () => {
  it('reports writing then verifying, in files and bytes of each phase, and verifies', async () => {
    const reader = await setup(300);
    const target = tempDir();
    const plan = await planSelection(reader, 'latest', ['cfg/many'], target);
    const seen: RestoreProgress[] = [];
    const out = await runSelection(reader, plan, { progress: (p) => seen.push(p) });
    expect(out.items.map((i) => [i.item, i.ok])).toEqual([['cfg/many', true]]);
    expect(seen[0]).toMatchObject({ phase: 'writing', item: 'cfg/many', files: { done: 0, total: 300 } });
    const last = seen.at(-1)!;
    expect(last).toMatchObject({ phase: 'verifying', files: { done: 300, total: 300 } });
    expect(last.bytes.done).toBe(last.bytes.total);
    expect(seen.findIndex((p) => p.phase === 'verifying')).toBeGreaterThan(seen.findIndex((p) => p.phase === 'writing'));
  });

  it('a target under a file, or that is a file, is blocked at the plan, before anything is written', async () => {
    const reader = await setup(3);
    const dir = tempDir();
    writeFileSync(join(dir, 'a-file'), 'not a folder\n');
    const under = await planSelection(reader, 'latest', ['cfg/one.txt'], join(dir, 'a-file', 'deeper', 'restored'));
    expect(under.blocked).toEqual([`${join(dir, 'a-file')} is a file, where ${join(dir, 'a-file', 'deeper', 'restored')} needs a folder; choose another target`]);
    expect((await planSelection(reader, 'latest', ['cfg/one.txt'], join(dir, 'a-file'))).blocked).toEqual([`${join(dir, 'a-file')} is a file; choose a folder`]);
    expect((await planSelection(reader, 'latest', ['cfg/one.txt'], join(dir, 'new', 'folder'))).blocked).toEqual([]);
  });

  it('cancelled while writing: nothing of the item is put in place, later items not started, and it says so', async () => {
    const reader = await setup(300);
    const target = tempDir();
    const plan = await planSelection(reader, 'latest', ['cfg/many', 'cfg/one.txt'], target);
    const abort = new AbortController();
    const progress = (p: RestoreProgress) => {
      if (p.phase === 'writing' && p.files.done > 0) abort.abort();
    };
    const out = await runSelection(reader, plan, { progress, signal: abort.signal });
    expect(out.items).toMatchObject([{ item: 'cfg/many', ok: false, detail: 'cancelled by the operator while writing: nothing of it was put in place' }]);
    expect(out.cancelled).toBe('Cancelled by the operator; no item was completed; cfg/many stopped while writing: nothing of it was put in place; not started: cfg/one.txt');
    expect(existsSync(join(target, 'many'))).toBe(false);
    expect(readdirSync(target)).toEqual([]);
    await expect(restoreSelection(reader, await planSelection(reader, 'latest', ['cfg/many'], tempDir()), { signal: AbortSignal.abort() })).rejects.toMatchObject({ code: 'RESTORE_INCOMPLETE', message: expect.stringMatching(/^Cancelled by the operator/) as string });
  });
});
