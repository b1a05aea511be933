/** The part of Electron's `app` the single-instance lock needs, so it is tested without Electron. */
export interface AppLike {
  requestSingleInstanceLock(): boolean;
  quit(): void;
  on(event: 'second-instance', listener: () => void): unknown;
}

/** The part of a BrowserWindow that is brought forward. */
export interface WindowLike {
  isDestroyed(): boolean;
  isMinimized(): boolean;
  restore(): void;
  show(): void;
  focus(): void;
}

/**
 * One app per user: a second launch would open the same catalog (SQLite) and unlock the identity in
 * a second core. It quits at once; the first brings its window forward instead. False: quit.
 */
export function claimSingleInstance(app: AppLike, window: () => WindowLike | undefined): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on('second-instance', () => {
    const win = window();
    if (!win || win.isDestroyed()) return;
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  });
  return true;
}
