import { describe, expect, it } from 'vitest';
import type { SnapshotView } from '../../src/api/browse-methods.js';
import { snapshotLabel } from './snapshot-label.js';

const view = (over: Partial<SnapshotView>): SnapshotView => ({
  id: '0123456789abcdef',
  time: '2026-12-03T10:00:00.000Z',
  storedAt: '2026-12-03T10:00:00.000Z',
  at: '2026-12-03T10:00:00.000Z',
  latest: false,
  latestFor: [],
  host: 'ci',
  writer: 'ci',
  tags: [],
  bytesAdded: 0,
  sources: [{ name: 'app', kind: 'dir', files: 0, bytes: 0 }],
  warnings: [],
  anomalies: [],
  ...over,
});

/**
 * Red team 3: a hijacked writer's tags in the picker every Browse, Diff and Restore acts on. 400
 * blank-looking letters pushed the "⚠ anomaly" out of view; U+202E drew "latest good · by ci".
 */
describe('the snapshot picker’s label', () => {
  const now = Date.parse('2026-12-03T11:00:00Z');
  const forged = view({
    tags: ['nightly' + '\u2800'.repeat(400), 'x\u202E' + [...' · latest good · by ci'].reverse().join('') + '\u2066'],
    anomalies: [{ source: 'app', message: 'app is empty (20 → 0 files)' }],
  });

  it("says Bulkhead's concern before anything its writer chose", () => {
    const label = snapshotLabel(forged, now);
    expect(label.indexOf('⚠ anomaly: app is empty')).toBeGreaterThan(0);
    expect(label.indexOf('⚠ anomaly')).toBeLessThan(label.indexOf('tag '));
    expect(label.indexOf('⚠ anomaly')).toBeLessThan(label.indexOf('1 source (app)'));
  });

  it("shows the writer's invisible and reordering characters escaped, and each tag short", () => {
    const label = snapshotLabel(forged, now);
    expect(label).not.toMatch(/[\u2800\u202E\u2066]/);
    expect(label).toContain('x\\u202e');
    expect(label).toContain('tag nightly\\u2800');
    expect(label.length).toBeLessThan(300);
    expect(label).not.toContain('latest good'); // only escaped and reversed, never drawn as Bulkhead's claim
  });

  it("says latest good where Bulkhead says it, before the writer's words", () => {
    const label = snapshotLabel(view({ latest: true, tags: ['release'] }), now);
    expect(label).toMatch(/^2026-12-03 10:00:00 UTC \(60 min ago\) · 01234567 · latest good · 1 source \(app\), 0 files, 0 B · tag release · by ci$/);
  });

  it('names the first three sources of a wide snapshot and counts the rest', () => {
    const sources = Array.from({ length: 1000 }, (_, i) => ({ name: `repo-${i}`, kind: 'git', files: 1, bytes: 1 }));
    expect(snapshotLabel(view({ sources }), now)).toContain('1000 sources (repo-0, repo-1, repo-2, 997 more), 1,000 files');
  });
});
