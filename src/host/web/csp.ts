/**
 * The console's Content-Security-Policy, one text for the web console and the desktop app (which
 * differ only in connect-src: the web console calls its API over fetch, the app over IPC). It starts
 * at default-src 'none', allows no inline script, and enforces Trusted Types: the DOM's HTML sinks
 * (innerHTML and the like) take only values made by the one named policy, the preview pane's
 * syntax highlighter (renderer/src/highlight.ts), which escapes what it is given and makes the one
 * script URL its worker starts from. A file preview shows backed-up content, which an attacker may
 * have written.
 */
export const TRUSTED_TYPES_POLICY = 'bulkhead-highlight';

export function consoleCsp(connectSrc: "'self'" | "'none'"): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src ${connectSrc}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "require-trusted-types-for 'script'",
    `trusted-types ${TRUSTED_TYPES_POLICY}`,
  ].join('; ');
}
