import type { SnapshotInfo } from '../../vault/snapshot-list.js';

/** One writer's backups of one source name. */
export interface SourceClaim {
  writerId: string;
  writerLabel: string;
  /** Its first trusted snapshot holding the source (bounded time), and its newest. */
  first: string;
  newest: SnapshotInfo;
  revoked: boolean;
}

/** A source name more than one writer backs up: its owner, and the others. */
export interface Contest {
  name: string;
  owner: SourceClaim;
  others: SourceClaim[];
  /** More than one unrevoked writer backs it up: which copy is "latest" is the operator's to say. */
  ambiguous: boolean;
}

/**
 * A source's lineage is its name as one writer backs it up. Every enrolled agent holds the
 * recipients' public keys and the dedup secret, so a hijacked one can sign a snapshot holding
 * another agent's source (a poisoned `prod-db` dump) that would become its "latest", and would
 * refresh its age while the real agent has stopped. So a name backed up by more than one
 * writer is contested: the unrevoked writer that backed it up first owns it (revoking a writer
 * hands its sources to the next, as when an agent is replaced), and the others' copies are never
 * chosen as "latest" without being named. Only trusted snapshots (no warnings) claim, but those a
 * writer signed before its revocation still do: revoking the hijacked agent that forged a copy must
 * not make that copy the source's only other lineage, hence "latest" (and posture's age of it).
 */
export function sourceContests(snapshots: readonly SnapshotInfo[], revoked: ReadonlySet<string>): Map<string, Contest> {
  const claims = new Map<string, Map<string, SourceClaim>>();
  // oldest first (snapshot-list.ts)
  for (const s of snapshots) {
    if (s.warnings.length > 0) continue;
    for (const src of s.manifest.sources) {
      const byWriter = claims.get(src.name) ?? new Map<string, SourceClaim>();
      claims.set(src.name, byWriter);
      const had = byWriter.get(s.writerId);
      if (had) had.newest = s;
      else byWriter.set(s.writerId, { writerId: s.writerId, writerLabel: s.writerLabel, first: s.at, newest: s, revoked: revoked.has(s.writerId) });
    }
  }
  const contests = new Map<string, Contest>();
  for (const [name, byWriter] of claims) {
    if (byWriter.size < 2) continue;
    const all = [...byWriter.values()]; // in order of their first claim
    const live = all.filter((c) => !c.revoked);
    const owner = live[0] ?? all[0]!;
    contests.set(name, { name, owner, others: all.filter((c) => c !== owner), ambiguous: live.length > 1 });
  }
  return contests;
}

/** Why a snapshot is not the owner's copy of the contested sources it holds, per source (empty: it is, or none is contested). */
export function contestedCopies(s: SnapshotInfo, contests: ReadonlyMap<string, Contest>): { source: string; message: string }[] {
  return s.manifest.sources.flatMap((src) => {
    const c = contests.get(src.name);
    if (!c || c.owner.writerId === s.writerId) return [];
    const revoked = c.others.some((o) => o.writerId === s.writerId && o.revoked) ? ', a writer since revoked' : '';
    return [{ source: src.name, message: `${src.name} is backed up by writer "${c.owner.writerLabel}" since ${c.owner.first}; this copy is writer "${s.writerLabel}"'s${revoked}` }];
  });
}

/** The contests that leave "latest" to the operator (more than one unrevoked writer). */
export function ambiguousContests(contests: ReadonlyMap<string, Contest>): Contest[] {
  return [...contests.values()].filter((c) => c.ambiguous);
}

/** One line naming every unrevoked writer of a contested source, with its newest snapshot. */
export function contestLine(c: Contest): string {
  const who = (x: SourceClaim, role: string) => `"${x.writerLabel}" (${role} since ${x.first}, newest ${x.newest.id})`;
  const others = c.others.filter((o) => !o.revoked);
  return `${c.name} is backed up by ${others.length + 1} writers: ${[who(c.owner, 'first'), ...others.map((o) => who(o, 'also'))].join(', ')}`;
}
