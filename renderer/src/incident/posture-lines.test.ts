import { describe, expect, it } from 'vitest';
import { firstOfEachKind } from './posture-lines.js';

describe("the Incident's posture lines", () => {
  it('keep a failed source in view behind thousands of tampered findings, with the true count', () => {
    const tampered = Array.from({ length: 5000 }, (_, i) => `snapshots/20260101T000000Z-${String(i).padStart(16, '0')}: not a valid snapshot object`);
    const findings = [
      ...tampered.slice(0, 20).map((t) => ({ code: 'tampered', message: `tampered: ${t}` })),
      { code: 'tampered', message: 'and 4980 more tampered objects' },
      { code: 'failed-source', message: 'source db failed at backup' },
    ];
    const lines = firstOfEachKind({ findings, tampered, untrustedSnapshots: [] } as unknown as Parameters<typeof firstOfEachKind>[0]);
    expect(lines.map((l) => [l.finding.code, l.more])).toEqual([['tampered', 4999], ['failed-source', 0]]);
  });
});
