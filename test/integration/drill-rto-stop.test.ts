import { describe, expect, it } from 'vitest';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeVault, tempDir } from '../helpers/vault.js';
import { backup } from '../../src/ops/backup/backup.js';
import { openVault } from '../../src/ops/open-vault.js';
import { runDrill } from '../../src/ops/drills/run-drill.js';
import type { Scenario } from '../../src/ops/drills/scenario.js';
import type { BlobStore } from '../../src/storage/blob-store.js';
import { parseSourceSpec } from '../../src/sources/spec.js';

/**
 * A drill stops a source's step at the scenario's RTO target (a forged tree of millions of tiny files
 * must not hold every other source from its turn). The deadline is injected: the test cannot wait
 * minutes, and asserts no time. It fires while `big` is being restored (its first pack read), as a
 * timer would; the step fails saying so, nothing of it stays in the sandbox, and `small` still runs.
 */
describe("a drill step past the scenario's RTO target", () => {
  it('is stopped there, what it wrote removed, and the drill goes on with the others', async () => {
    const v = await makeVault();
    const root = tempDir();
    const big = join(root, 'big');
    mkdirSync(big);
    for (let i = 0; i < 300; i++) writeFileSync(join(big, `f${i}.txt`), `file ${i} `.repeat(200 + i));
    mkdirSync(join(root, 'small'));
    writeFileSync(join(root, 'small', 'a.txt'), 'a\n');
    const made = await backup({ store: v.store, credential: v.writer, sources: [parseSourceSpec(`big=dir:${big}`), parseSourceSpec(`small=dir:${join(root, 'small')}`)], excludes: [], tags: [], clock: v.clock, cacheRoot: v.cacheRoot });
    expect(made.failed).toEqual([]);

    // The deadline of `big` passes at its first read of a pack: a fault injected through the store.
    const deadlines: [number, string][] = [];
    let running = '';
    const stop = new AbortController();
    const store = new Proxy(v.store, {
      get(target, prop, receiver) {
        if (prop === 'get') {
          return async (key: string, opts: never) => {
            const bytes = await target.get(key, opts);
            if (running === 'big' && key.startsWith('data/')) stop.abort();
            return bytes;
          };
        }
        const value = Reflect.get(target, prop, receiver) as unknown;
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    }) as BlobStore;
    const reader = await openVault(store, v.identity, tempDir());
    const scenario: Scenario = { name: 'two-folders', description: 'x', lost: { kinds: ['dir'], sources: ['big', 'small'] }, targets: { rtoMinutes: 2, rpoHours: 24 }, containment: [] };
    const sandbox = tempDir('bulkhead-sandbox-');
    const outcome = await runDrill({
      reader, scenario, snapshot: made.snapshot, sandbox, clock: v.clock,
      stepDeadline: (ms, source) => {
        deadlines.push([ms, source]);
        running = source;
        return source === 'big' ? stop.signal : new AbortController().signal;
      },
    });

    expect(deadlines).toEqual([[120_000, 'big'], [120_000, 'small']]);
    expect(outcome.steps.map((s) => [s.source, s.ok])).toEqual([['big', false], ['small', true]]);
    expect(outcome.steps[0]!.detail).toMatch(/^stopped after 2 min, the scenario's whole RTO target: what it restored was removed, and the drill went on with the others$/);
    expect(readdirSync(join(sandbox, 'folders'))).toEqual(['small']);
  });
});
