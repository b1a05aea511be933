/**
 * The one Trusted Types policy of the console (the CSP names it and forbids any other): it turns
 * the syntax highlighter's output, which highlight.ts has escaped, into TrustedHTML, and makes the
 * one script URL the console starts a worker from, the highlighter's. Only highlight.ts imports
 * this file. Where the browser has no Trusted Types, the strings pass as they are.
 */
/** The browser's TrustedScriptURL (not in TypeScript's DOM types): what `new Worker` takes under the CSP. */
interface TrustedScriptURL {
  readonly trustedScriptUrl: never;
}

interface PolicyFactory {
  createPolicy(
    name: string,
    rules: { createHTML(input: string): string; createScriptURL(input: string): string },
  ): { createHTML(input: string): TrustedHTML; createScriptURL(input: string): TrustedScriptURL };
}

/** The highlighter's worker, beside app.js (build/bundle.mjs). */
const WORKER_URL = new URL('highlight-worker.js', document.baseURI).href;

const factory = (globalThis as { trustedTypes?: PolicyFactory }).trustedTypes;
// The name is the CSP's (src/host/web/csp.ts, TRUSTED_TYPES_POLICY); the renderer imports only src/api.
const policy = factory?.createPolicy('bulkhead-highlight', {
  createHTML: (input) => input,
  createScriptURL: (input) => {
    if (input !== WORKER_URL) throw new TypeError(`no worker may start from ${input}`);
    return input;
  },
});

export function escapedHtml(html: string): TrustedHTML | string {
  return policy ? policy.createHTML(html) : html;
}

export function workerUrl(): TrustedScriptURL | string {
  // The Worker constructor's types want a string or URL; the browser takes the trusted value as such.
  return policy ? policy.createScriptURL(WORKER_URL) : WORKER_URL;
}
