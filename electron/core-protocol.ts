import type { ApiResponse } from '../src/api/method.js';

/** Messages between the Electron main process and the core's utility process. */
export type ToCore = { kind: 'call'; id: number; name: string; args: unknown } | { kind: 'close' };
export type FromCore = { kind: 'reply'; id: number; response: ApiResponse<unknown> } | { kind: 'closed' };
