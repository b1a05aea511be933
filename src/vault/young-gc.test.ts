import { describe, expect, it } from 'vitest';
import { constants, PerformanceObserver } from 'node:perf_hooks';
import { collectYoung } from './young-gc.js';

describe('collectYoung', () => {
  it('runs a scavenge of the young generation, not a full collection', async () => {
    const kinds: number[] = [];
    let obs!: PerformanceObserver;
    // gc entries are delivered after the fact: wait for the two scavenges asked for.
    const twoMinor = new Promise<void>((resolve) => {
      obs = new PerformanceObserver((list) => {
        kinds.push(...list.getEntries().map((e) => (e as unknown as { detail: { kind: number } }).detail.kind));
        if (kinds.filter((k) => k === constants.NODE_PERFORMANCE_GC_MINOR).length >= 2) resolve();
      });
    });
    obs.observe({ entryTypes: ['gc'] });
    collectYoung();
    collectYoung(); // the second call reuses what the first found
    await twoMinor;
    obs.disconnect();
    expect(kinds).not.toContain(constants.NODE_PERFORMANCE_GC_MAJOR);
  });
});
