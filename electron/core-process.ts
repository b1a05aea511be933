// The console's core in an Electron utility process: the unlocked identity, vault reads, tree
// decoding and git run here, never on the main process (which only relays the API table), so the
// window stays responsive and the key is never in the process that owns the windows.
import { createConsoleHost } from '../src/host/console/console-host.js';
import { defaultHost } from '../src/host/context.js';
import { portOfThisProcess, serveCore } from './core-server.js';

serveCore(portOfThisProcess(), createConsoleHost(defaultHost()));
