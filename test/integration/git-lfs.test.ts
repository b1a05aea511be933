import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { CliWorkspace } from '../helpers/cli.js';
import { sh, lfsWorkTree } from '../helpers/git.js';
import type { Listing } from '../../src/ops/browse/ls.js';

describe('Git LFS', () => {
  // Awaited CLI runs (main() in this process): a minute of spawnSync in one test would starve vitest's worker RPC (CONTRIBUTING.md).
  it('backs up the LFS objects of every ref and restores them with the repository', async () => {
    const ws = new CliWorkspace();
    await ws.setupQuick();
    const work = join(ws.dir, 'work');
    lfsWorkTree(work);
    const model = randomBytes(300_000);
    writeFileSync(join(work, 'model.bin'), model);
    sh(work, 'add', '-A');
    sh(work, 'commit', '-q', '-m', 'model');
    const oid = sh(work, 'lfs', 'ls-files', '--long').split(' ')[0]!;

    await ws.hereOk(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', `ml=git:${work}`]);
    const listing = JSON.parse((await ws.hereOk([...ws.operator('ls', 'latest:ml'), '--json'])).stdout) as Listing;
    expect(listing.git!.lfsObjects).toBe(1);

    const restored = join(ws.dir, 'restored.git');
    await ws.hereOk(ws.operator('restore', 'latest:ml', '--target', restored));
    expect(readFileSync(join(restored, 'lfs/objects', oid.slice(0, 2), oid.slice(2, 4), oid)).equals(model)).toBe(true);

    const remote = join(ws.dir, 'remote.git');
    sh(ws.dir, 'init', '-q', '--bare', remote);
    await ws.hereOk(ws.operator('restore', 'latest:ml', '--target', `file://${remote}`));
    const checkout = join(ws.dir, 'checkout');
    sh(ws.dir, 'clone', '-q', '-b', 'main', `file://${remote}`, checkout);
    sh(checkout, 'lfs', 'install', '--local');
    sh(checkout, 'lfs', 'pull');
    expect(readFileSync(join(checkout, 'model.bin')).equals(model)).toBe(true);
  });
});
