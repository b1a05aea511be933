/** Links that may leave the app for the system browser: https only, to these hosts only. */
export const EXTERNAL_HOSTS = new Set(['github.com', 'docs.aws.amazon.com', 'www.electronjs.org']);

export function isAllowedExternal(raw: string): boolean {
  try {
    const url = new URL(raw);
    return url.protocol === 'https:' && EXTERNAL_HOSTS.has(url.hostname) && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}
