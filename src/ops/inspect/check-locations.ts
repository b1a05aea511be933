import type { WriterEntry } from '../../vault/config.js';
import { packKey, type BlobLocation } from '../../vault/blob-index.js';
import type { SegmentSource } from '../../vault/index-segment.js';

/** A claimed location that does not hold its blob (pack-reader.ts BadLocation). */
export interface LocationFailure {
  blob: string;
  location: BlobLocation;
  reason: string;
}

export interface LocationProblem {
  kind: 'index-location-bad';
  message: string;
  pack: string;
  segment: string;
  writer?: string;
  files?: string[];
}

/**
 * One problem per index segment whose records point blobs at places that do not hold them,
 * naming the segment, who vouches for it, and what to do: a writer that signs such records
 * is compromised (or broken), and revoking it makes all its records useless for dedup.
 */
export function locationProblems(failures: readonly LocationFailure[], writers: readonly WriterEntry[]): Map<SegmentSource, LocationProblem> {
  const bySegment = new Map<SegmentSource, LocationFailure[]>();
  for (const f of failures) {
    const list = bySegment.get(f.location.source) ?? [];
    list.push(f);
    bySegment.set(f.location.source, list);
  }
  const problems = new Map<SegmentSource, LocationProblem>();
  for (const [source, list] of bySegment) {
    const first = list[0]!;
    const pack = packKey(first.location.pack);
    const { who, advice } = describe(source, writers);
    problems.set(source, {
      kind: 'index-location-bad',
      pack,
      segment: source.key,
      ...(source.writer && { writer: source.writer }),
      message:
        `index segment ${source.key} ${who} points ${list.length} blob(s) at places that do not hold them ` +
        `(first: blob ${first.blob.slice(0, 12)} in ${pack}: ${first.reason}); ${advice}`,
    });
  }
  return problems;
}

const SUSPECTS = 'revoke the writers that may be compromised ("bulkhead vault writers", "bulkhead vault revoke --writer <id>")';

function describe(source: SegmentSource, writers: readonly WriterEntry[]): { who: string; advice: string } {
  const entry = writers.find((w) => w.id === source.writer);
  const name = entry ? `writer "${entry.label}" (${entry.id})` : `writer ${source.writer}`;
  switch (source.vouch) {
    case 'active':
      return {
        who: `(signed by ${name})`,
        advice: `revoke that writer: "bulkhead vault revoke --writer ${source.writer}", and its storage credentials; other writers then store those blobs again instead of reusing its records`,
      };
    case 'revoked':
      return { who: `(signed by ${name}, revoked ${entry?.revoked ?? ''})`, advice: 'its records are already no longer used for dedup' };
    case 'unsigned':
      return { who: '(unsigned, format 1: any writer credential could have written it)', advice: `writers never dedup against unsigned records; if it is new, ${SUSPECTS}` };
    case 'unknown-writer':
      return { who: `(claims ${name}, which this vault does not list: forged)`, advice: `it was written with a writer credential's dedup secret; ${SUSPECTS}` };
    case 'bad-signature':
      return { who: `(claims ${name}, but its signature does not verify: forged)`, advice: `it was written with a writer credential's dedup secret; ${SUSPECTS}` };
    case 'misplaced':
      return { who: `(signed by ${name}, under another writer's prefix)`, advice: misplacedAdvice(source.writer) };
  }
}

/** No writer puts a segment under another writer's index/<id>/: whoever signed it forged it there. */
const misplacedAdvice = (writer: string | undefined): string =>
  `no writer puts its segments under another writer's prefix: revoke writer ${writer ?? '(unknown)'} ("bulkhead vault revoke --writer ${writer ?? '<id>'}") and its storage credentials, and give each agent its own policy ("bulkhead vault policy --writer <id>")`;
