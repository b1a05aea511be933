import type { ApiResponse } from '../src/api/method.js';
import type { FromCore, ToCore } from './core-protocol.js';

/** The part of Electron's UtilityProcess (or a Node ChildProcess, adapted) the main process uses. */
export interface CoreChild {
  postMessage(m: ToCore): void;
  on(event: 'message', fn: (m: FromCore) => void): unknown;
  on(event: 'exit', fn: (code: number) => void): unknown;
  kill(): boolean;
}

export interface CoreClient {
  dispatch(name: string, args: unknown): Promise<ApiResponse<unknown>>;
  close(): void;
}

const STOPPED: ApiResponse<unknown> = {
  ok: false,
  error: { code: 'INTERNAL', message: 'the console core stopped and was started again; unlock again and repeat what you were doing' },
};
const CLOSE_GRACE_MS = 2000;

/**
 * Relays API calls to the core's process and its answers back. If the core dies (a crash), the
 * calls in flight get one clear error and a new core starts, locked: the key died with the old one.
 */
export function coreClient(start: () => CoreChild, log: (line: string) => void = () => {}): CoreClient {
  const pending = new Map<number, (r: ApiResponse<unknown>) => void>();
  let nextId = 1;
  let closing = false;
  let child = connect();

  function connect(): CoreChild {
    const c = start();
    c.on('message', (m) => {
      if (m.kind !== 'reply') return;
      pending.get(m.id)?.(m.response);
      pending.delete(m.id);
    });
    c.on('exit', (code) => {
      if (!closing) log(`the core stopped (exit code ${code}) with ${pending.size} calls in flight; a new, locked core starts`);
      for (const answer of pending.values()) answer(STOPPED);
      pending.clear();
      if (!closing) child = connect();
    });
    return c;
  }

  return {
    dispatch: (name, args) =>
      new Promise((resolve) => {
        const id = nextId++;
        pending.set(id, resolve);
        child.postMessage({ kind: 'call', id, name, args });
      }),
    close() {
      closing = true;
      child.postMessage({ kind: 'close' });
      setTimeout(() => child.kill(), CLOSE_GRACE_MS).unref();
    },
  };
}
