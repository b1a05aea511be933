import { BulkheadError } from '../../util/errors.js';
import { git } from './git.js';
import { listRefs } from './manifest.js';
import { describeFsck, describeQuirks, fsck } from './fsck.js';

/** Objects a snapshot recorded as missing at backup (an incomplete repository): fsck may miss these. */
export interface ExpectedMissing {
  oids: ReadonlySet<string>;
  /** How many were missing in all (the manifest lists only the first ones). */
  count: number;
}

/**
 * A restored repository must pass `git fsck --full` and hold exactly the refs the snapshot holds.
 * A failure names the broken objects. With `expected` (a repository recorded incomplete), fsck may
 * report those objects missing and nothing else: every object present is still checked. Returns
 * what fsck said of objects git's format checks flag (fsck.ts `quirks`: exact copies), or undefined.
 */
export async function verifyRepo(gitDir: string, expected: Record<string, string>, what: string, missing?: ExpectedMissing): Promise<string | undefined> {
  const [checked, actual] = await Promise.all([fsck(gitDir), listRefs(gitDir)]);
  if (!checked.ok) {
    const unexpected = missing ? [...checked.missing].filter((o) => !missing.oids.has(o)) : [...checked.missing];
    const truncated = !!missing && missing.count > missing.oids.size; // the manifest lists only the first ones
    const tolerated = missing && checked.other.length === 0 && (unexpected.length === 0 || (truncated && checked.missing.size <= missing.count));
    if (!tolerated) throw new BulkheadError('CORRUPT', `${what} fails git fsck: ${describeFsck(checked.problems)}`);
  }
  const differ = [...new Set([...Object.keys(expected), ...Object.keys(actual)])].filter((r) => expected[r] !== actual[r]);
  if (differ.length > 0) throw new BulkheadError('CORRUPT', `${what} does not hold the snapshot's refs (${differ.slice(0, 5).join(', ')})`);
  return checked.quirks.length > 0 ? describeQuirks(checked.quirks) : undefined;
}

/** refs of a remote or a local repository, as `git ls-remote` sees them (peeled tags left out). */
export async function remoteRefs(target: string): Promise<Record<string, string> | undefined> {
  return (await remoteState(target))?.refs;
}

/**
 * A remote's refs and the branch its HEAD names (null when unset or dangling), from one `ls-remote
 * --symref`: a forge is a network round trip per call, and a live diff or a restore asked for both.
 */
export async function remoteState(target: string): Promise<{ refs: Record<string, string>; head: string | null } | undefined> {
  const r = await git(['ls-remote', '--symref', target], { okCodes: [128, 2] });
  if (r.code !== 0) return undefined;
  const refs: Record<string, string> = {};
  let head: string | null = null;
  for (const line of r.stdout.toString().split('\n')) {
    const [oid, ref] = line.split('\t');
    if (!oid || !ref) continue;
    if (oid.startsWith('ref: ')) {
      if (ref === 'HEAD') head = /^ref: refs\/heads\/(\S+)$/.exec(oid)?.[1] ?? null;
    } else if (ref !== 'HEAD' && !ref.endsWith('^{}')) refs[ref] = oid;
  }
  return { refs, head };
}

/** The branch a remote's HEAD names (its default branch), or null when HEAD is unset or dangling. */
export async function remoteHead(target: string): Promise<string | null> {
  const r = await git(['ls-remote', '--symref', target, 'HEAD'], { okCodes: [128, 2] });
  return /^ref: refs\/heads\/(\S+)\s+HEAD$/m.exec(r.stdout.toString())?.[1] ?? null;
}
