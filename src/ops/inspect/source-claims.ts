import type { SnapshotInfo } from '../../vault/snapshot-list.js';

/** One writer's backups of one source name. */
export interface SourceClaim {
  writerId: string;
  writerLabel: string;
  /** Its first trusted snapshot holding the source (bounded time), and its newest. */
  first: string;
  newest: SnapshotInfo;
}

/** A source name more than one unrevoked writer backs up: its owner (the first), and the others. */
export interface Contest {
  name: string;
  owner: SourceClaim;
  others: SourceClaim[];
}

/**
 * A source's lineage is its name as one writer backs it up. Every enrolled agent holds the
 * recipients' public keys and the dedup secret, so a hijacked one can sign a snapshot holding
 * another agent's source (a poisoned `prod-db` dump) that would become its "latest", and would
 * refresh its age while the real agent has stopped. So a name backed up by more than one
 * unrevoked writer is contested: the writer that backed it up first owns it (revoking a writer
 * hands its sources to the next, as when an agent is replaced), and the others' copies are never
 * chosen as "latest" without being named. Only trusted snapshots (no warnings) claim.
 */
export function sourceContests(snapshots: readonly SnapshotInfo[], revoked: ReadonlySet<string>): Map<string, Contest> {
  const claims = new Map<string, Map<string, SourceClaim>>();
  // oldest first (snapshot-list.ts)
  for (const s of snapshots) {
    if (s.warnings.length > 0 || revoked.has(s.writerId)) continue;
    for (const src of s.manifest.sources) {
      const byWriter = claims.get(src.name) ?? new Map<string, SourceClaim>();
      claims.set(src.name, byWriter);
      const had = byWriter.get(s.writerId);
      if (had) had.newest = s;
      else byWriter.set(s.writerId, { writerId: s.writerId, writerLabel: s.writerLabel, first: s.at, newest: s });
    }
  }
  const contests = new Map<string, Contest>();
  for (const [name, byWriter] of claims) {
    if (byWriter.size < 2) continue;
    const [owner, ...others] = [...byWriter.values()]; // in order of their first claim
    contests.set(name, { name, owner: owner!, others });
  }
  return contests;
}

/** Why a snapshot is not the owner's copy of the contested sources it holds, per source (empty: it is, or none is contested). */
export function contestedCopies(s: SnapshotInfo, contests: ReadonlyMap<string, Contest>): { source: string; message: string }[] {
  return s.manifest.sources.flatMap((src) => {
    const c = contests.get(src.name);
    return c && c.owner.writerId !== s.writerId ? [{ source: src.name, message: `${src.name} is backed up by writer "${c.owner.writerLabel}" since ${c.owner.first}; this copy is writer "${s.writerLabel}"'s` }] : [];
  });
}

/** One line naming every writer of a contested source, with its newest snapshot. */
export function contestLine(c: Contest): string {
  const who = (x: SourceClaim, role: string) => `"${x.writerLabel}" (${role} since ${x.first}, newest ${x.newest.id})`;
  return `${c.name} is backed up by ${c.others.length + 1} writers: ${[who(c.owner, 'first'), ...c.others.map((o) => who(o, 'also'))].join(', ')}`;
}
