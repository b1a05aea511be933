import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { ManifestBudget } from './manifest-budget.js';
import type { Manifest } from './snapshot.js';

const hex = (n: number) => randomBytes(n).toString('hex');
const packs = Array.from({ length: 2000 }, () => hex(32)).sort();

function manifest(writer: string, extra: Partial<Manifest> = {}): Manifest {
  return {
    id: hex(8), time: new Date().toISOString(), host: 'ci-runner-7', writer, agentVersion: '0.9.0', previous: hex(32), tags: ['nightly'],
    sources: ['api', 'web', 'db'].map((name) => ({ kind: 'dir' as const, name, locator: `/srv/${name}`, root: name === 'db' ? hex(32) : 'a'.repeat(64), stats: { files: 3, dirs: 1, bytes: 10 } })),
    stats: { bytesRead: 1, bytesAdded: 1, packs: [...packs, hex(32)] },
    ...extra,
  };
}

describe('ManifestBudget', () => {
  it('charges an honest writer little for what its snapshots repeat: 1,000 manifests of 2,000 packs fit 1 MiB', () => {
    const budget = new ManifestBudget(1024 * 1024);
    for (let i = 0; i < 1000; i++) expect(budget.charge('W', manifest('W'))).toBeUndefined();
  });

  it('refuses one writer past its budget, not another writer, and holds repeats once', () => {
    const budget = new ManifestBudget(1024 * 1024);
    expect(budget.charge('A', manifest('A', { host: hex(200_000) }))).toBeUndefined();
    expect(budget.charge('A', manifest('A', { host: hex(200_000) }))).toBeUndefined();
    expect(budget.charge('A', manifest('A', { host: hex(200_000) }))).toMatch(/^its writer's snapshots hold more than 1\.00 MiB of distinct manifest text \(this one 391\.\d KiB/);
    // control characters cost what the cache writes for them (six bytes each)
    expect(budget.charge('A', manifest('A', { host: '\u0001'.repeat(100_000) }))).toMatch(/this one 586\.\d KiB/);
    expect(budget.charge('B', manifest('B'))).toBeUndefined();
    const [x, y] = [manifest('B'), manifest('B')];
    budget.charge('B', x);
    budget.charge('B', y);
    expect(y.sources[0]).toBe(x.sources[0]); // the same record, held once
    expect(y.stats.packs[0]).toBe(x.stats.packs[0]);
  });
});
