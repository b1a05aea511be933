// The Electron main process, kept thin: harden, serve the renderer, relay the API table to the core
// in its utility process (core-process.ts).
import { app, ipcMain, Menu, session, utilityProcess, type BrowserWindow } from 'electron';
import { fileURLToPath } from 'node:url';
import { consoleLogPath } from '../src/util/console-dir.js';
import { openLogFile } from '../src/util/log-file.js';
import { coreClient } from './core-client.js';
import { APP_URL } from './app-origin.js';
import { createWindow, devToolsAllowed } from './window-options.js';
import { hardenContents, hardenSession } from './harden.js';
import { registerApi } from './ipc-router.js';
import { registerAppScheme, serveRenderer } from './serve-renderer.js';
import { claimSingleInstance } from './single-instance.js';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
// The app's log (docs/cli.md, "The desktop app"): events of the main process and, from the core,
// what the UI reports as "the console log has the details". Never arguments, keys or tokens.
const log = openLogFile(consoleLogPath());
let win: BrowserWindow | undefined;

if (claimSingleInstance(app, () => win)) {
  log(`app: Bulkhead ${app.getVersion()} starting (${app.isPackaged ? 'packaged' : 'development'})`);
  registerAppScheme();
  app.enableSandbox();
  app.on('web-contents-created', (_event, contents) => {
    hardenContents(contents);
    contents.on('render-process-gone', (_e, details) => log(`app: the window's renderer is gone (${details.reason}, exit code ${details.exitCode})`));
  });
  app.on('child-process-gone', (_event, details) => log(`app: ${details.name ?? details.type} is gone (${details.reason}, exit code ${details.exitCode})`));

  app.whenReady().then(() => {
    hardenSession(session.defaultSession);
    serveRenderer(here('./renderer/'));
    const core = coreClient(() => utilityProcess.fork(here('./core-process.mjs'), [], { serviceName: 'Bulkhead core' }), (line) => log(`app: ${line}`));
    registerApi(ipcMain, core.dispatch, (line) => log(`app: ${line}`));
    Menu.setApplicationMenu(null);
    win = createWindow(here('./preload.cjs'), { devTools: devToolsAllowed(app.isPackaged) });
    win.once('ready-to-show', () => win?.show());
    void win.loadURL(APP_URL);
    app.on('before-quit', () => core.close()); // the core locks (wipes the identity) and exits
    app.on('window-all-closed', () => app.quit());
  });
}
