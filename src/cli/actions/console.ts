import { fileURLToPath } from 'node:url';
import type { HostContext } from '../../host/context.js';
import { BulkheadError } from '../../util/errors.js';
import { consoleLogPath } from '../../util/console-dir.js';
import { openLogFile, teeLog } from '../../util/log-file.js';
import { say, sayErr } from '../output.js';
import { jsonText } from '../../util/terminal-text.js';

/** The built renderer sits beside the bundled CLI (build/out/renderer). */
const RENDERER_DIR = fileURLToPath(new URL('./renderer/', import.meta.url));

export async function runConsole(host: HostContext, opts: { web?: boolean; port: string; json?: boolean }): Promise<void> {
  if (!opts.web) {
    throw new BulkheadError('USAGE', 'the desktop console starts with "npm start" (Electron); on a machine without a desktop, use "bulkhead console --web"');
  }
  const port = Number(opts.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new BulkheadError('USAGE', `--port ${opts.port} is not a port number`);
  // Loaded only here: the catalog's SQLite module is a native addon no other verb needs.
  const [{ createConsoleHost }, { startWebConsole }] = await Promise.all([import('../../host/console/console-host.js'), import('../../host/web/web-server.js')]);
  // What the UI reports as "the console log has the details": on this terminal and in the file.
  const log = teeLog(sayErr, openLogFile(consoleLogPath()));
  const core = createConsoleHost(host, undefined, log);
  const web = await startWebConsole({ dispatch: core.dispatch, rendererDir: process.env.BULKHEAD_RENDERER_DIR ?? RENDERER_DIR, port }).catch((e) => {
    core.close();
    throw e;
  });
  log(`bulkhead console: serving ${web.origin} (web; the link's token is never logged)`);
  // Listening before the link is out: whoever reads it may stop the console at once.
  const stopped = new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  if (opts.json) process.stdout.write(jsonText({ url: web.url, origin: web.origin }) + '\n');
  else {
    say(`Bulkhead console on ${web.origin} (this machine only). Open this one-time link in a browser:`);
    say(`  ${web.url}`);
    say('Press Enter for a new link (a browser that lost this one); Ctrl+C to stop; the identity is wiped when the console stops.');
  }
  const renew = newLinksOnEnter(() => web.newLink(), opts.json);
  await stopped;
  renew.stop();
  await web.close();
  core.close();
}

/**
 * Each line typed at the console's terminal prints a new one-time link (the last one is spent by a
 * browser that then lost it, or was opened in another): no restart, so an unlocked session and
 * running restores stay. Whoever types here started the console: no new trust is given.
 */
function newLinksOnEnter(newLink: () => string, json: boolean | undefined): { stop(): void } {
  const onData = (d: Buffer) => {
    for (let n = d.toString().split('\n').length - 1; n > 0; n--) {
      const url = newLink();
      if (json) process.stdout.write(jsonText({ url }) + '\n');
      else say(`New one-time link (the previous one no longer opens):\n  ${url}`);
    }
  };
  process.stdin.on('data', onData);
  process.stdin.on('error', () => {}); // a closed or absent terminal: no new links, nothing else changes
  return {
    stop: () => {
      process.stdin.off('data', onData);
      process.stdin.pause();
    },
  };
}
