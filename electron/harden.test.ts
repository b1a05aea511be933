import { describe, expect, it, vi } from 'vitest';
import { EventEmitter } from 'node:events';

// The Electron binary cannot run here; only `shell` is replaced, to see which links would open.
const opened: string[] = [];
vi.mock('electron', () => ({ shell: { openExternal: async (url: string) => void opened.push(url) } }));
const { hardenContents, hardenSession } = await import('./harden.js');

function prevented(emitter: EventEmitter, event: string, ...args: unknown[]): boolean {
  let stopped = false;
  emitter.emit(event, { preventDefault: () => (stopped = true) }, ...args);
  return stopped;
}

describe('Electron hardening', () => {
  it('denies every permission request and check, and downloads', () => {
    const session = Object.assign(new EventEmitter(), {
      request: undefined as undefined | ((wc: unknown, p: string, cb: (ok: boolean) => void) => void),
      check: undefined as undefined | (() => boolean),
      device: undefined as undefined | (() => boolean),
      setPermissionRequestHandler(fn: never) { this.request = fn; },
      setPermissionCheckHandler(fn: never) { this.check = fn; },
      setDevicePermissionHandler(fn: never) { this.device = fn; },
    });
    hardenSession(session as never);
    const answers: boolean[] = [];
    for (const p of ['media', 'notifications', 'clipboard-read', 'geolocation']) session.request!(null, p, (ok) => answers.push(ok));
    expect(answers).toEqual([false, false, false, false]);
    expect(session.check!()).toBe(false);
    expect(session.device!()).toBe(false);
    expect(prevented(session, 'will-download')).toBe(true);
  });

  it('blocks navigation away from the app, webviews and new windows; allow-listed links go to the browser', () => {
    let openHandler!: (d: { url: string }) => { action: string };
    const contents = Object.assign(new EventEmitter(), { setWindowOpenHandler: (fn: typeof openHandler) => (openHandler = fn) });
    hardenContents(contents as never);
    expect(prevented(contents, 'will-navigate', 'https://evil.example/')).toBe(true);
    expect(prevented(contents, 'will-navigate', 'app://bulkhead/index.html')).toBe(false);
    expect(prevented(contents, 'will-redirect', 'file:///etc/passwd')).toBe(true);
    expect(prevented(contents, 'will-attach-webview')).toBe(true);
    expect(openHandler({ url: 'https://github.com/x' })).toEqual({ action: 'deny' });
    expect(openHandler({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://github.com/x']);
  });
});
