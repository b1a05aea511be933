import { afterAll, describe, expect, it } from 'vitest';
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { coreClient, type CoreChild } from './core-client.js';
import type { FromCore, ToCore } from './core-protocol.js';
import { tempDir } from '../test/helpers/vault.js';

/**
 * The real core-process.ts in a real child process (Node's fork stands in for Electron's
 * utilityProcess.fork, which needs the Electron binary): calls relayed, a crash survived, a clean close.
 */
// The run's build of core-process.ts (test/setup/worker-entries.ts) when there is one, else the source through tsx.
const built = process.env.BULKHEAD_TEST_WORKERS;
const entry = built ? join(built, 'core-process.mjs') : fileURLToPath(new URL('./core-process.ts', import.meta.url));
const dir = tempDir('bulkhead-core-');
const children: ChildProcess[] = [];

function startCore(): CoreChild {
  const child = fork(entry, [], { execArgv: built ? [] : ['--import', 'tsx'], env: { ...process.env, BULKHEAD_CONSOLE_DIR: dir, BULKHEAD_CACHE_DIR: dir }, stdio: 'ignore' });
  children.push(child);
  child.on('error', () => {}); // a message to a core that just died is lost; its exit answers the call
  return {
    postMessage: (m: ToCore) => void child.send(m),
    on: (event: 'message' | 'exit', fn: (x: never) => void) => child.on(event, fn as (x: unknown) => void),
    kill: () => child.kill(),
  } as CoreChild;
}

afterAll(() => children.forEach((c) => c.kill('SIGKILL')));

describe('the console core in its own process', () => {
  const logged: string[] = [];
  const core = coreClient(startCore, (line) => logged.push(line));

  it('relays calls through the API table and their answers back', async () => {
    expect(await core.dispatch('session.status', {})).toMatchObject({ ok: true, value: { unlocked: false } });
    expect(await core.dispatch('vaults.list', {})).toEqual({ ok: true, value: [] });
    expect(await core.dispatch('vaults.remove', { vaultId: 7 })).toMatchObject({ ok: false, error: { code: 'BAD_ARGS' } });
  });

  it('a crashed core answers the calls in flight with one clear error, and a new (locked) core takes over', async () => {
    children.at(-1)!.kill('SIGKILL'); // the exit is seen on a later turn: this call is in flight when it dies
    expect(await core.dispatch('session.status', {})).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: expect.stringMatching(/started again; unlock again/) },
    });
    expect(children).toHaveLength(2);
    expect(await core.dispatch('session.status', {})).toMatchObject({ ok: true, value: { unlocked: false } });
    expect(logged).toEqual([expect.stringMatching(/^the core stopped \(exit code .*\) with 1 calls in flight; a new, locked core starts$/)]);
  });

  it('closes: the core locks, says so and exits', async () => {
    const last = children.at(-1)!;
    const said: FromCore[] = [];
    last.on('message', (m: FromCore) => said.push(m));
    const exited = new Promise<number | null>((r) => last.on('exit', (code) => r(code)));
    core.close();
    expect(await exited).toBe(0);
    expect(said).toContainEqual({ kind: 'closed' });
    expect(children).toHaveLength(2); // closing does not start another
    expect(logged).toHaveLength(1); // and is no event for the log
  });
});
