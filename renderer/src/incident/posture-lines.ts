import type { PostureView } from '../../../src/api/vault-methods.js';

type Finding = PostureView['findings'][number];

/**
 * The Incident's posture card has room for a few lines: the first finding of each kind, with how
 * many more of that kind there are. A writer can store thousands of junk snapshots (a tampered
 * finding each); the first six findings were all of them, and a stale or failed source went unseen.
 * Tampered objects and untrusted snapshots are counted from their own lists (their findings are capped).
 */
export function firstOfEachKind(posture: Pick<PostureView, 'findings' | 'tampered' | 'untrustedSnapshots'>, kinds = 8): { finding: Finding; more: number }[] {
  const byCode = new Map<string, { finding: Finding; more: number }>();
  for (const f of posture.findings) {
    const seen = byCode.get(f.code);
    if (seen) seen.more++;
    else byCode.set(f.code, { finding: f, more: 0 });
  }
  const listed = { tampered: posture.tampered.length, 'untrusted-snapshot': posture.untrustedSnapshots.length } as Record<string, number>;
  for (const [code, line] of byCode) if (listed[code]) line.more = listed[code] - 1;
  return [...byCode.values()].slice(0, kinds);
}
