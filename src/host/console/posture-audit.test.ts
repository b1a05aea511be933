import { describe, expect, it } from 'vitest';
import { openCatalog } from '../../catalog/catalog.js';
import { AuditLog, DETAIL_MOST } from '../../catalog/audit-log.js';
import { sourceRecordSchema, FAILED_REASON_MOST } from '../../vault/snapshot.js';
import { fixedClock, DAY_MS } from '../../util/clock.js';
import { recordPosture, recordPostureFailure } from './posture-audit.js';
import type { ConsoleDeps } from './deps.js';

const local = { immutable: false, lockMode: 'LOCAL', verdict: 'not immutable: a local folder …', findings: [{ code: 'not-immutable', message: 'not immutable: a local folder …' }] } as const;
const stale = { ...local, findings: [...local.findings, { code: 'stale-source', message: 'source infra: newest snapshot 30 h old (RPO 24 h)' }] } as const;
const governance = { immutable: false, lockMode: 'GOVERNANCE', verdict: 'NOT immutable: GOVERNANCE mode', findings: [{ code: 'not-immutable', message: 'NOT immutable: GOVERNANCE mode' }] } as const;

function deps() {
  const clock = fixedClock(new Date('2026-11-30T08:00:00Z'));
  const audit = new AuditLog(openCatalog(':memory:'));
  const rows = () => audit.read().entries.map((e) => `${e.vault} ${e.outcome}: ${e.detail}`).reverse();
  return { deps: { audit, clock } as unknown as ConsoleDeps, clock, rows };
}

describe('posture checks in the audit log', () => {
  it('a local vault with nothing else found is ok; problems are findings, not a failed check', () => {
    const { deps: d, rows } = deps();
    recordPosture(d, 'home', local);
    recordPosture(d, 'home', stale);
    recordPosture(d, 's3', governance);
    recordPostureFailure(d, 's3', 'the bucket does not exist');
    expect(rows()).toEqual([
      'home ok: not immutable: a local folder …',
      'home findings: not immutable: a local folder …; source infra: newest snapshot 30 h old (RPO 24 h)',
      's3 findings: NOT immutable: GOVERNANCE mode',
      's3 failed: the bucket does not exist',
    ]);
  });

  it('a Dashboard visit that finds what the last one found adds no row; a change or a new day does', () => {
    const { deps: d, clock, rows } = deps();
    for (let i = 0; i < 5; i++) recordPosture(d, 'home', local);
    recordPosture(d, 'other', local); // per vault
    expect(rows()).toHaveLength(2);
    recordPosture(d, 'home', stale);
    recordPosture(d, 'home', local); // back to what it was: a change again
    expect(rows()).toHaveLength(4);
    clock.advance(DAY_MS);
    recordPosture(d, 'home', local);
    recordPostureFailure(d, 'home', 'unreachable');
    recordPostureFailure(d, 'home', 'unreachable');
    expect(rows()).toHaveLength(6);
  });

  // Red team 4: a forged failed source's reason of 8 MiB went whole into each new posture row, until
  // the Audit screen (which reads every row to check the chain) could no longer be answered.
  it("keeps a writer's long text short: the reason as the snapshot is read, and every audit detail", () => {
    const record = sourceRecordSchema.parse({ kind: 'dir', name: 'x', locator: '/x', root: 'a'.repeat(64), failed: { reason: 'y'.repeat(8 << 20) }, stats: { files: 0, dirs: 0, bytes: 0 } });
    expect(record.failed!.reason).toHaveLength(FAILED_REASON_MOST + `… (${(8 << 20) - FAILED_REASON_MOST} more characters)`.length);
    const { deps: d, rows } = deps();
    const failed = { ...local, findings: [...local.findings, { code: 'failed-source', message: `source x: ${'z'.repeat(1 << 20)}` }] };
    for (let i = 0; i < 3; i++) recordPosture(d, 'home', failed);
    expect(rows()).toHaveLength(1); // the same long finding is the same row, its kept detail compared
    expect(rows()[0]!.length).toBeLessThan(DETAIL_MOST + 100);
    expect(rows()[0]).toMatch(/… \(\d+ more characters\)$/);
  });
});
