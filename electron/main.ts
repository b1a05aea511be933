// The Electron main process, kept thin: harden, serve the renderer, relay the API table to the core
// in its utility process (core-process.ts).
import { app, ipcMain, Menu, session, utilityProcess } from 'electron';
import { fileURLToPath } from 'node:url';
import { coreClient } from './core-client.js';
import { APP_URL } from './app-origin.js';
import { createWindow } from './window-options.js';
import { hardenContents, hardenSession } from './harden.js';
import { registerApi } from './ipc-router.js';
import { registerAppScheme, serveRenderer } from './serve-renderer.js';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

registerAppScheme();
app.enableSandbox();
app.on('web-contents-created', (_event, contents) => hardenContents(contents));

app.whenReady().then(() => {
  hardenSession(session.defaultSession);
  serveRenderer(here('./renderer/'));
  const core = coreClient(() => utilityProcess.fork(here('./core-process.mjs'), [], { serviceName: 'Bulkhead core' }));
  registerApi(ipcMain, core.dispatch);
  Menu.setApplicationMenu(null);
  const win = createWindow(here('./preload.cjs'));
  win.once('ready-to-show', () => win.show());
  void win.loadURL(APP_URL);
  app.on('before-quit', () => core.close()); // the core locks (wipes the identity) and exits
  app.on('window-all-closed', () => app.quit());
});
