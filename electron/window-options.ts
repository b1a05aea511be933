import { BrowserWindow } from 'electron';

/** DevTools only in development (BULKHEAD_DEVTOOLS=1): a packaged app never opens them, whatever the environment says. */
export function devToolsAllowed(isPackaged: boolean, env: NodeJS.ProcessEnv = process.env): boolean {
  return !isPackaged && env.BULKHEAD_DEVTOOLS === '1';
}

/**
 * The one place a window is made and its options set. Every security-relevant web preference is
 * spelled out in this literal, even where it is Electron's default, so that a reviewer or a static
 * scanner sees them at the constructor.
 */
export function createWindow(preload: string, opts: { devTools: boolean }): BrowserWindow {
  return new BrowserWindow({
    width: 1360,
    height: 880,
    minWidth: 960,
    minHeight: 600,
    title: 'Bulkhead',
    show: false,
    backgroundColor: '#111418',
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      disableBlinkFeatures: 'Auxclick',
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      devTools: opts.devTools, // devToolsAllowed(): never in a packaged app
    },
  });
}
