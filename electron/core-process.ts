// The console's core in an Electron utility process: the unlocked identity, vault reads, tree
// decoding and git run here, never on the main process (which only relays the API table), so the
// window stays responsive and the key is never in the process that owns the windows.
import { createConsoleHost } from '../src/host/console/console-host.js';
import { defaultHost } from '../src/host/context.js';
import { consoleLogPath } from '../src/util/console-dir.js';
import { openLogFile } from '../src/util/log-file.js';
import { portOfThisProcess, serveCore } from './core-server.js';

// A packaged app has no terminal: what the UI calls "the console log" is this file.
const log = openLogFile(consoleLogPath());
process.on('uncaughtException', (e) => {
  log(`core: uncaught exception, exiting (the app starts a new, locked core): ${e.stack ?? e.message}`);
  process.exit(70);
});
serveCore(portOfThisProcess(), createConsoleHost(defaultHost(), undefined, (line) => log(`core: ${line}`)));
