import { BulkheadError } from '../../util/errors.js';

const URL_FORM = /^(?:https?|ssh|git|file):\/\/[^-\s]/;
const SCP_FORM = /^(?:[A-Za-z0-9._-]+@)?[A-Za-z0-9][A-Za-z0-9.-]*:(?!\/\/)[^:]/;

/**
 * A git source's locator comes from a snapshot, which any enrolled agent signs. Before the
 * operator's git fetches from it, lists it or pushes to it, it must be an ordinary remote: an
 * http(s), ssh, git or file URL, an scp-like `user@host:path`, or an absolute path. Never an option
 * (`--upload-pack=…` runs a command), never a transport helper (`ext::sh -c …` runs one too).
 */
export function requireSafeGitRemote(remote: string): void {
  const plain = !/[\x00-\x1f\x7f]/.test(remote) && !remote.startsWith('-') && !/^[^/]*::/.test(remote);
  if (plain && (URL_FORM.test(remote) || SCP_FORM.test(remote) || remote.startsWith('/'))) return;
  throw new BulkheadError('UNTRUSTED_SOURCE', `the snapshot names the git remote ${JSON.stringify(remote)}, which is not an ordinary repository address (an option or a transport helper runs a command): it is not contacted; restore the repository into a folder instead`);
}
