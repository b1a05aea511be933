import type { ConsoleHost } from '../../src/host/console/console-host.js';
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
