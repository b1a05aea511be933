/**
 * Whether a restore target names a git remote rather than a local folder, by git's own rule: a URL
 * with a scheme (`https://`, `ssh://`, `file://`), or the scp-like form `[user@]host:path`, which git
 * recognises by a colon before the first slash (`git@github.com:acme/api.git`). Resolving that
 * form as a path would push into a folder named after the remote, next to where the operator stood.
 */
export function isGitRemote(target: string): boolean {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(target)) return true;
  const colon = target.indexOf(':');
  const slash = target.indexOf('/');
  return colon > 1 && (slash < 0 || colon < slash);
}
