import { BulkheadError } from '../../util/errors.js';

/**
 * The full ref a name the operator typed means in a snapshot's ref map, by git's own rules
 * (gitrevisions(7): the name itself, then refs/, refs/tags/, refs/heads/, refs/remotes/ and
 * refs/remotes/NAME/HEAD): `--ref main` is refs/heads/main, as `git push origin main` would read it.
 * Where git would warn "refname is ambiguous" and pick the tag, a restore refuses and names both:
 * pushing the wrong one of two same-named refs back into a live repository is not a guess to make.
 */
export function fullRefName(refs: Readonly<Record<string, string>>, name: string, where: string): string | undefined {
  if (name.startsWith('refs/') && refs[name] !== undefined) return name;
  const candidates = [name, `refs/${name}`, `refs/tags/${name}`, `refs/heads/${name}`, `refs/remotes/${name}`, `refs/remotes/${name}/HEAD`];
  const found = [...new Set(candidates.filter((c) => c.startsWith('refs/') && refs[c] !== undefined))];
  if (found.length > 1) throw new BulkheadError('USAGE', `${name} names ${found.length} refs in ${where}: ${found.join(', ')}; give the full one`);
  return found[0];
}

/** The refusal for a ref the snapshot does not hold, pointing at the listing that names them. */
export function noRef(snapshot: string, repo: string, ref: string): never {
  throw new BulkheadError('NOT_FOUND', `snapshot ${snapshot} has no ref ${ref} in ${repo}; "bulkhead ls ${snapshot}:${repo}" lists them`);
}
