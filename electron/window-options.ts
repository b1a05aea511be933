import type { BrowserWindowConstructorOptions } from 'electron';

/**
 * The one place the window's options are set. Every security-relevant web preference is spelled
 * out, even where it is Electron's default, so a reviewer (or a scanner) sees it here.
 */
export function windowOptions(preload: string): BrowserWindowConstructorOptions {
  return {
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
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      devTools: process.env.BULKHEAD_DEVTOOLS === '1',
    },
  };
}
