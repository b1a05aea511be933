import { isLocalPath } from './mirror-cache.js';
import { gitText, redact } from './git.js';

/**
 * A local repository made by `git clone --filter` (a partial clone) lacks objects on purpose: its
 * promisor remote has them, and git fetches them when asked. Its mirror copies only what was
 * downloaded, so its backup is incomplete; the warning then says why, and what holds every object.
 */
export async function partialCloneNote(url: string): Promise<string | undefined> {
  if (!isLocalPath(url)) return undefined;
  // git records it as extensions.partialClone, or (repository format 0) remote.<name>.promisor.
  const config = await gitText(['-C', url, 'config', '--get-regexp', '^(extensions\\.partialclone|remote\\..*\\.(url|promisor))$'], { okCodes: [1] }).catch(() => '');
  const lines = config.split('\n').map((l) => l.split(' ')) as [string, string?][];
  const promisor = /^remote\.(.*)\.promisor$/;
  const remote = lines.find(([k]) => k.toLowerCase() === 'extensions.partialclone')?.[1] ?? lines.map(([k, v]) => (v === 'true' ? promisor.exec(k)?.[1] : undefined)).find(Boolean);
  if (!remote) return undefined;
  const from = lines.find(([k]) => k === `remote.${remote}.url`)?.[1];
  const where = from ? `${remote} (${redact(from)})` : remote;
  return `it is a partial clone (git clone --filter): those objects were never downloaded and are on its promisor remote ${where}; back that repository up to have them all`;
}
