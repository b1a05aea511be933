import type { ConsoleHost } from '../src/host/console/console-host.js';
import type { FromCore, ToCore } from './core-protocol.js';

/** One end of the channel to the main process: Electron's parentPort, or Node's IPC in tests. */
export interface PortLike {
  onMessage(fn: (m: ToCore) => void): void;
  post(m: FromCore): void;
}

interface ParentPortLike {
  on(event: 'message', fn: (e: { data: ToCore }) => void): void;
  postMessage(m: FromCore): void;
}

/** Electron gives a utility process `process.parentPort`; a Node child forked with IPC has process.send. */
export function portOfThisProcess(): PortLike {
  const parent = (process as { parentPort?: ParentPortLike }).parentPort;
  if (parent) return { onMessage: (fn) => parent.on('message', (e) => fn(e.data)), post: (m) => parent.postMessage(m) };
  if (!process.send) throw new Error('the core process was started without a channel to the main process');
  return { onMessage: (fn) => process.on('message', (m: ToCore) => fn(m)), post: (m) => void process.send!(m) };
}

/** Answers every call through the API table; on close, locks (wiping the identity) and exits. */
export function serveCore(port: PortLike, core: ConsoleHost, exit: () => void = () => process.exit(0)): void {
  port.onMessage((m) => {
    if (m.kind === 'close') {
      core.close();
      port.post({ kind: 'closed' });
      exit();
      return;
    }
    void core.dispatch(m.name, m.args).then((response) => port.post({ kind: 'reply', id: m.id, response }));
  });
}
