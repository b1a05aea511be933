import { describe, expect, it, vi } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';

// The Electron binary cannot run here: a stand-in BrowserWindow records the options it is given.
vi.mock('electron', () => ({
  BrowserWindow: class {
    constructor(readonly options: { webPreferences: Record<string, unknown> }) {}
  },
}));
const { createWindow, devToolsAllowed } = await import('./window-options.js');
import { isAllowedExternal } from './external-links.js';
import { CSP } from './app-origin.js';
import { TRUSTED_TYPES_POLICY } from '../src/host/web/csp.js';
import { SECURITY_HEADERS } from '../src/host/web/web-auth.js';

describe('Electron window and link policy', () => {
  it('the window is isolated and sandboxed, with no Node in any frame', () => {
    const web = (createWindow('/app/preload.cjs', { devTools: false }) as unknown as { options: { webPreferences: Record<string, unknown> } }).options.webPreferences;
    expect(web).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      disableBlinkFeatures: 'Auxclick',
      preload: '/app/preload.cjs',
      devTools: false,
    });
  });

  it('window options are set in exactly one place', () => {
    const files = readdirSync(new URL('.', import.meta.url)).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    const setting = files.filter((f) => /webPreferences\s*:|new BrowserWindow/.test(readFileSync(new URL(f, import.meta.url), 'utf8')));
    expect(setting).toEqual(['window-options.ts']);
  });

  it('the CSP starts at default-src \'none\' and allows no inline script', () => {
    expect(CSP.startsWith("default-src 'none'")).toBe(true);
    expect(CSP).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
  });

  it('enforces Trusted Types with the one policy the renderer makes, as the web console does', () => {
    expect(CSP).toContain("require-trusted-types-for 'script'");
    expect(CSP).toContain(`trusted-types ${TRUSTED_TYPES_POLICY}`);
    expect(readFileSync(new URL('../renderer/src/trusted-html.ts', import.meta.url), 'utf8')).toContain(`createPolicy('${TRUSTED_TYPES_POLICY}'`);
    // the same policy as `console --web` sends, but for connect-src: the app's API is IPC, not fetch
    expect(CSP.replace("connect-src 'none'", "connect-src 'self'")).toBe(SECURITY_HEADERS['Content-Security-Policy']);
  });

  it('a packaged app never allows DevTools, whatever the environment says; development only when asked', () => {
    expect(devToolsAllowed(true, { BULKHEAD_DEVTOOLS: '1' })).toBe(false);
    expect(devToolsAllowed(false, { BULKHEAD_DEVTOOLS: '1' })).toBe(true);
    expect(devToolsAllowed(false, {})).toBe(false);
    const web = (createWindow('/p.cjs', { devTools: devToolsAllowed(true, { BULKHEAD_DEVTOOLS: '1' }) }) as unknown as { options: { webPreferences: Record<string, unknown> } }).options.webPreferences;
    expect(web.devTools).toBe(false);
  });

  it('external links: https to allow-listed hosts only', () => {
    expect(isAllowedExternal('https://github.com/bulkhead/issues')).toBe(true);
    expect(isAllowedExternal('http://github.com/')).toBe(false);
    expect(isAllowedExternal('https://github.com.evil.example/')).toBe(false);
    expect(isAllowedExternal('https://user:pw@github.com/')).toBe(false);
    expect(isAllowedExternal('file:///etc/passwd')).toBe(false);
    expect(isAllowedExternal('javascript:alert(1)')).toBe(false);
  });
});
