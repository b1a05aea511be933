import { git } from '../../sources/git/git.js';
import { isLocalPath } from '../../sources/git/mirror-cache.js';
import { pushCommand } from '../../sources/git/local-push.js';

/**
 * Asked of a server on every restore push: run no pipeline for it. GitLab honours `ci.skip` (no
 * pipeline is created for the pushed refs) and `integrations.skip_ci` (no push event to Jenkins and
 * other CI integrations, GitLab 16.2+), and ignores options it does not know. A restore puts back
 * what was there; it is no change to test, and a tag's deploy pipeline must not run again for an old
 * tag pushed back. GitHub ignores push options: there the pipeline consent (pipeline-drift.ts) holds.
 */
export const SKIP_CI_OPTIONS = ['ci.skip', 'integrations.skip_ci'];

/** git's own refusal when the server does not advertise push options: said before anything is sent. */
const NO_PUSH_OPTIONS = /does not support push options|not a valid option|unknown push option/i;

/**
 * `git push` of a restore into a live repository, asking it to run no CI. git refuses push options
 * to a server that does not advertise them (`receive.advertisePushOptions`, off by default), before
 * sending anything: then the same push goes again without them. A repository on this machine runs no
 * CI and none of its hooks (local-push.ts): no options. Returns whether the options were taken.
 */
export async function pushToLive(gitDir: string, target: string, refspecs: string[], flags: string[] = []): Promise<{ skipCiAsked: boolean }> {
  const push = [...pushCommand(target), '--quiet', ...flags];
  if (isLocalPath(target) || /^file:\/\//i.test(target)) {
    await git([...push, target, ...refspecs], { gitDir });
    return { skipCiAsked: false };
  }
  const options = SKIP_CI_OPTIONS.flatMap((o) => ['-o', o]);
  try {
    await git([...push, ...options, target, ...refspecs], { gitDir });
    return { skipCiAsked: true };
  } catch (e) {
    if (!(e instanceof Error) || !NO_PUSH_OPTIONS.test(e.message)) throw e;
  }
  await git([...push, target, ...refspecs], { gitDir });
  return { skipCiAsked: false };
}
