import { git, gitText, redact } from './git.js';
import { BulkheadError } from '../../util/errors.js';

const LIVE = 'refs/bulkhead-live';

/**
 * Whether a live repository shares a commit with the snapshot's copy of it, or is empty. The
 * address a snapshot records for its repository is its writer's word: a hijacked one can name any
 * repository the operator may push to and fill its copy with commits of its own, which a push
 * "back" would then plant there (a branch whose workflow runs with that repository's secrets).
 * The live branches and tags are fetched into `mirror` (a temporary copy, removed after the
 * restore): for the repository it was backed up from, that is what changed since the snapshot.
 */
export async function sharesHistory(mirror: string, remote: string): Promise<boolean> {
  await git(['fetch', '--quiet', '--no-tags', remote, `+refs/heads/*:${LIVE}/heads/*`, `+refs/tags/*:${LIVE}/tags/*`], { gitDir: mirror });
  if ((await gitText(['for-each-ref', '--count=1', '--format=%(refname)', `${LIVE}/`], { gitDir: mirror })).trim() === '') return true;
  const count = async (...not: string[]) => Number((await gitText(['rev-list', '--count', `--glob=${LIVE}/*`, ...not], { gitDir: mirror })).trim());
  // Nothing reachable from live is reachable from the snapshot's refs: no commit in common.
  return (await count('--not', `--exclude=${LIVE}/*`, '--all')) < (await count());
}

/** Refuses, before anything is pushed, a live repository that shares no history with the snapshot's copy of `name`. */
export async function requireSharedHistory(mirror: string, remote: string, name: string): Promise<void> {
  if (await sharesHistory(mirror, remote)) return;
  throw new BulkheadError(
    'UNTRUSTED_SOURCE',
    `${redact(remote)} shares no commit with the snapshot's copy of ${name}: it is not the repository that was backed up (the address is the snapshot writer's word), or its whole history was replaced; nothing was pushed. If it is right, push by hand: bulkhead restore SNAPSHOT:${name} --target URL --ref REF`,
  );
}
