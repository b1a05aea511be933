import { BOUNDED_MEMORY } from './git.js';
import { isLocalPath } from './mirror-cache.js';

/**
 * A push into a repository on this machine (a path or a file:// URL) runs git-receive-pack here, in
 * that repository and with the operator's rights: its hooks (pre-receive, update, post-receive,
 * post-update, proc-receive), its core.alternateRefsCommand and an automatic gc. The live
 * repository is where the incident happened: whoever wrote into it (a hijacked agent with access to
 * it) may have planted them, and a restore run as root would run them as root. A restore's push
 * into such a repository runs none of them; a server whose hooks must see the push (GitLab,
 * Gitea) takes it through its own URL, where receive-pack runs on the server as the server's user.
 * Both sides read objects in bounded memory (BOUNDED_MEMORY): big blobs streamed, packs mapped in
 * small windows.
 */
export function pushCommand(target: string): string[] {
  if (!isLocalPath(target) && !/^file:\/\//i.test(target)) return [...BOUNDED_MEMORY, 'push'];
  return [...BOUNDED_MEMORY, 'push', `--receive-pack=git ${BOUNDED_MEMORY.join(' ')} -c core.hooksPath=/dev/null -c core.alternateRefsCommand=true -c receive.autogc=false receive-pack`];
}
