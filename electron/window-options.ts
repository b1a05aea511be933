import { BrowserWindow } from 'electron';

/**
 * The one place a window is made and its options set. Every security-relevant web preference is
 * spelled out in this literal, even where it is Electron's default, so that a reviewer or a static
 * scanner sees them at the constructor.
 */
export function createWindow(preload: string): BrowserWindow {
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
      devTools: process.env.BULKHEAD_DEVTOOLS === '1',
    },
  });
}
