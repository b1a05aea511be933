// The Electron main process, kept thin: harden, serve the renderer, route the API table to the core.
import { app, ipcMain, Menu, session } from 'electron';
import { fileURLToPath } from 'node:url';
import { createConsoleHost } from '../src/host/console/console-host.js';
import { defaultHost } from '../src/host/context.js';
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
  const core = createConsoleHost(defaultHost());
  registerApi(ipcMain, core.dispatch);
  Menu.setApplicationMenu(null);
  const win = createWindow(here('./preload.cjs'));
  win.once('ready-to-show', () => win.show());
  void win.loadURL(APP_URL);
  app.on('before-quit', () => core.close()); // wipes the identity
  app.on('window-all-closed', () => app.quit());
});
