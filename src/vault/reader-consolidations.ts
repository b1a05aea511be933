import type { IndexSegment, PackRecord, SegmentSource } from './index-segment.js';
import { verifyConsolidations } from './consolidation.js';
import type { LookupFile } from './lookup-file.js';
import { vouchToday, type LookupHeader } from './reader-index.js';
import type { WriterEntry } from './config.js';

type Opened = { segment: IndexSegment; source: SegmentSource };

/**
 * A reader's check of consolidations without its whole load (consolidation.ts verifyConsolidations,
 * the same function): those listed since the lookup file was written, and those it kept unsettled
 * (new segments may be the ones they cover). The plain segments they cover come from the file:
 * each one's pack records, rebuilt from its blob records (not the small blobs of its private part,
 * which no consolidation repeats), or, listed since, as opened now. Returns what the whole load
 * would say of each judged consolidation: its problems, whether it was found exact, and whether
 * that verdict is final (exact, or lying with every segment it covers there: not judged again).
 */
export function judgeConsolidations(
  file: LookupFile<LookupHeader>,
  byId: ReadonlyMap<string, WriterEntry>,
  judged: ReadonlyMap<string, Opened>,
  fresh: ReadonlyMap<string, Opened>,
): { problems: { key: string; reason: string }[]; verified: Set<string>; settled: Set<string> } {
  const { segments } = file.header;
  const at = new Map(segments.map((s, i) => [s.key, i]));
  const used = new Map<string, Opened>(judged);
  const wanted = new Set<number>();
  for (const [key, { segment }] of judged) {
    const prefix = key.slice(0, key.lastIndexOf('/') + 1);
    for (const h of segment.covers ?? []) {
      const k = prefix + h;
      if (used.has(k)) continue;
      const now = fresh.get(k);
      if (now) used.set(k, now);
      const s = at.get(k);
      if (s === undefined || now) continue;
      const source = { key: k, vouch: vouchToday(segments[s]!, byId)!, ...(segments[s]!.writer !== undefined && { writer: segments[s]!.writer }) };
      // Another consolidation: covered, so not unknown, and never read for records (verifyConsolidations skips it).
      if (segments[s]!.consolidation) used.set(k, { segment: { packs: [], extended: [], covers: [] }, source });
      else {
        wanted.add(s);
        used.set(k, { segment: { packs: [], extended: [] }, source });
      }
    }
  }
  for (const [s, packs] of packsOf(file, wanted)) used.get(segments[s]!.key)!.segment.packs.push(...packs);
  const { problems, verified, settled } = verifyConsolidations(used);
  return { problems: problems.filter((p) => judged.has(p.key)), verified: new Set(verified.filter((k) => judged.has(k))), settled: new Set(settled.filter((k) => judged.has(k))) };
}

/** The pack records of these kept segments, rebuilt from the file's blob records (small blobs left out). */
function packsOf(file: LookupFile<LookupHeader>, wanted: ReadonlySet<number>): Map<number, PackRecord[]> {
  const { claims, packs, recipients, odd } = file.header;
  const byClaim = new Map<number, PackRecord>();
  claims.forEach(([seg, , pack, size, set], c) => {
    if (wanted.has(seg)) byClaim.set(c, { id: packs[pack]!, size, retainUntil: '', blobs: [], ...(set >= 0 && { recipients: recipients[set] }) });
  });
  if (byClaim.size > 0) {
    for (const [id, r] of file.all()) if (!r.small) byClaim.get(r.claim)?.blobs.push([id, r.type, r.offset, r.length, r.rawLength]);
    for (const [id, claim, type, offset, length, rawLength, small] of odd) if (!small) byClaim.get(claim)?.blobs.push([id, type, offset, length, rawLength]);
  }
  const out = new Map<number, PackRecord[]>();
  for (const [c, record] of byClaim) out.set(claims[c]![0], [...(out.get(claims[c]![0]) ?? []), record]);
  return out;
}
