import { protocol } from 'electron';
import { loadAssets } from '../src/host/web/static-assets.js';
import { APP_SCHEME, CSP } from './app-origin.js';

/** Must run before the app is ready: app:// is a standard, secure scheme (no file:// anywhere). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true } }]);
}

/** Serves the built renderer's files (read once, from inside the asar) with the CSP header. */
export function serveRenderer(dir: string): void {
  const assets = loadAssets(dir);
  protocol.handle(APP_SCHEME, (request) => {
    const asset = assets.get(new URL(request.url).pathname);
    if (!asset) return new Response('not found', { status: 404 });
    return new Response(new Uint8Array(asset.body), { headers: { 'Content-Type': asset.type, 'Content-Security-Policy': CSP, 'X-Content-Type-Options': 'nosniff' } });
  });
}
