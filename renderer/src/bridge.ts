import { makeClient, type ApiClient, type Transport } from '../../src/api/client.js';
import type { ApiResponse } from '../../src/api/method.js';

declare global {
  interface Window {
    /** Set by the Electron preload: one function per API method, nothing else. */
    bulkhead?: Record<string, (args: unknown) => Promise<ApiResponse<unknown>>>;
  }
}

/** Web mode: POST /api/<name> on the same origin; the session cookie rides along. */
const overHttp: Transport = async (name, args) => {
  let res: Response;
  try {
    res = await fetch(`/api/${encodeURIComponent(name)}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(args) });
  } catch {
    return { ok: false, error: { code: 'INTERNAL', message: 'the console server does not answer; is "bulkhead console --web" still running?' } };
  }
  if (res.status === 401 || res.status === 403) return { ok: false, error: { code: 'FORBIDDEN', message: 'this browser session is not allowed; open the link the console printed' } };
  return (await res.json()) as ApiResponse<unknown>;
};

const overIpc: Transport = (name, args) => {
  const fn = window.bulkhead?.[name];
  if (!fn) return Promise.resolve({ ok: false, error: { code: 'UNKNOWN_METHOD', message: `no such method ${name}` } });
  return fn(args);
};

/** The only way out of the renderer. Only stores call it. */
export const api: ApiClient = makeClient(window.bulkhead ? overIpc : overHttp);
