import { consoleCsp } from '../src/host/web/csp.js';

/** The renderer is served from this privileged custom scheme, never from file:// or the network. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'bulkhead';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_URL = `${APP_ORIGIN}/index.html`;

/** The web console's policy (Trusted Types included), with no connect-src: the app's API is IPC. */
export const CSP = consoleCsp("'none'");

/**
 * A page of the app itself: app://bulkhead/…, parsed, not matched as text. (A WHATWG URL of a custom
 * scheme has the opaque origin "null", so comparing origins could never match: scheme, host, and no
 * user, password or port are what make an app:// URL the app's; app:// is registered as a standard
 * scheme, so its host is case-insensitive as a web host is.)
 */
export function isAppUrl(url: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  return u.protocol === `${APP_SCHEME}:` && u.hostname.toLowerCase() === APP_HOST && u.port === '' && u.username === '' && u.password === '';
}

/** Only the app's own top-level page may call the API: not an iframe, not a navigated-away page. */
export function isTrustedFrame(frame: { url: string; parent: unknown } | null | undefined): boolean {
  return !!frame && frame.parent === null && isAppUrl(frame.url);
}
