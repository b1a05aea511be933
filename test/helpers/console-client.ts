import { join } from 'node:path';
import { createConsoleHost, type ConsoleHost } from '../../src/host/console/console-host.js';
import { defaultHost } from '../../src/host/context.js';
import { tempDir } from './vault.js';
import type { ApiName, ApiResult } from '../../src/api/table.js';

/** Drives the console's core through its one entry point, exactly as the UI does. */
export function consoleClient(core: ConsoleHost) {
  const client = {
    /** The method's value; its error (code and message) thrown as a test failure. */
    async ok<N extends ApiName>(name: N, args: unknown): Promise<ApiResult<N>> {
      const r = await core.dispatch(name, args);
      if (!r.ok) throw new Error(`${name}: ${r.error.code} ${r.error.message}`);
      return r.value as ApiResult<N>;
    },
    /** The error a call is expected to end with. */
    async fails(name: ApiName, args: unknown): Promise<{ code: string; message: string }> {
      const r = await core.dispatch(name, args);
      if (r.ok) throw new Error(`${name} succeeded`);
      return r.error;
    },
    /** A job polled until it is no longer running. */
    async finished(jobId: string): Promise<ApiResult<'jobs.get'>> {
      for (;;) {
        const job = await client.ok('jobs.get', { jobId });
        if (job.status !== 'running') return job;
        await new Promise((r) => setTimeout(r, 20));
      }
    },
  };
  return client;
}

/**
 * A console core of its own (temporary folder, cache and database) with the workspace's vault added
 * as `prod` and its identity unlocked: what the rogue tests' console halves start from. Closed after fn.
 */
export async function withUnlockedConsole<T>(ws: { dir: string; store: string; env: NodeJS.ProcessEnv }, fn: (api: ReturnType<typeof consoleClient> & { vaultId: string; dir: string }) => Promise<T>): Promise<T> {
  const dir = tempDir('bulkhead-console-');
  const core = createConsoleHost({ ...defaultHost(), cacheRoot: join(dir, 'cache') }, join(dir, 'console.db'));
  try {
    const api = consoleClient(core);
    const identityPath = join(ws.dir, 'id.json');
    const { id: vaultId } = await api.ok('vaults.add', { name: 'prod', url: ws.store, identityPath });
    await api.ok('session.unlock', { identity: { path: identityPath }, passphrase: ws.env.BULKHEAD_PASSPHRASE });
    return await fn({ ...api, vaultId, dir });
  } finally {
    core.close();
  }
}
