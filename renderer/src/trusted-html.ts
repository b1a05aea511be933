/**
 * The one Trusted Types policy of the console (the CSP names it and forbids any other): it turns
 * the syntax highlighter's output, which highlight.ts has escaped, into TrustedHTML. Only
 * highlight.ts imports this file. Where the browser has no Trusted Types, the string passes as is.
 */
interface PolicyFactory {
  createPolicy(name: string, rules: { createHTML(input: string): string }): { createHTML(input: string): TrustedHTML };
}

const factory = (globalThis as { trustedTypes?: PolicyFactory }).trustedTypes;
// The name is the CSP's (src/host/web/csp.ts, TRUSTED_TYPES_POLICY); the renderer imports only src/api.
const policy = factory?.createPolicy('bulkhead-highlight', { createHTML: (input) => input });

export function escapedHtml(html: string): TrustedHTML | string {
  return policy ? policy.createHTML(html) : html;
}
