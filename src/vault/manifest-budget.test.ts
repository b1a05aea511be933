import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { ManifestBudget } from './manifest-budget.js';
import type { ListedManifest } from './snapshot.js';

const hex = (n: number) => randomBytes(n).toString('hex');
function manifest(writer: string, extra: Partial<ListedManifest> = {}): ListedManifest {
  return {
    id: hex(8), time: new Date().toISOString(), host: 'ci-runner-7', writer, agentVersion: '0.9.0', previous: hex(32), tags: ['nightly'],
    sources: ['api', 'web', 'db'].map((name) => ({ kind: 'dir' as const, name, locator: `/srv/${name}`, root: name === 'db' ? hex(32) : 'a'.repeat(64), stats: { files: 3, dirs: 1, bytes: 10 } })),
    stats: { bytesRead: 1, bytesAdded: 1 },
    ...extra,
  };
}

describe('ManifestBudget', () => {
  it('charges an honest writer little for what its snapshots repeat: 1,000 manifests with a changed source each fit 1 MiB', () => {
    const budget = new ManifestBudget(1024 * 1024);
    for (let i = 0; i < 1000; i++) expect(budget.charge('W', manifest('W'))).toBeUndefined();
    // a changed record costs its new text (root, counts, the object), not its name and locator again
    const cost = (m: ListedManifest) => (budget.charge('W', m), budget.spent().get('W')!);
    const before = budget.spent().get('W')!;
    const after = cost(manifest('W'));
    expect(after - before).toBeGreaterThan(200);
    expect(after - before).toBeLessThan(450);
  });

  it('charges a record object it already holds (the cache hands back shared ones) a reference only', () => {
    const budget = new ManifestBudget(1024 * 1024);
    const m = manifest('W');
    budget.charge('W', m);
    const again = { ...manifest('W'), sources: m.sources, previous: m.previous, id: m.id };
    const spent = budget.spent().get('W')!;
    budget.charge('W', again);
    expect(budget.spent().get('W')! - spent).toBe(3 * 8 + 8 * again.tags.length);
    expect(again.sources[2]).toBe(m.sources[2]);
  });

  it('refuses one writer past its budget, not another writer, and holds repeats once', () => {
    const budget = new ManifestBudget(1024 * 1024);
    expect(budget.charge('A', manifest('A', { host: hex(200_000) }))).toBeUndefined();
    expect(budget.charge('A', manifest('A', { host: hex(200_000) }))).toBeUndefined();
    expect(budget.charge('A', manifest('A', { host: hex(200_000) }))).toMatch(/^its writer's snapshots hold more than 1\.00 MiB of distinct manifest text \(this one 39[01]\.\d KiB/);
    // control characters cost what the cache writes for them (six bytes each)
    expect(budget.charge('A', manifest('A', { host: '\u0001'.repeat(100_000) }))).toMatch(/this one 586\.\d KiB/);
    expect(budget.charge('B', manifest('B'))).toBeUndefined();
    const [x, y] = [manifest('B'), manifest('B')];
    budget.charge('B', x);
    budget.charge('B', y);
    expect(y.sources[0]).toBe(x.sources[0]); // the same record, held once
  });

  it('carries an earlier charge for the same manifests, then charges the next one against what they hold, as charging them all would', () => {
    const earlier = Array.from({ length: 50 }, () => manifest('W'));
    const whole = new ManifestBudget(1024 * 1024);
    for (const m of earlier) whole.charge('W', m);
    const figure = whole.spent().get('W')!;
    const [next, again] = [manifest('W'), manifest('W')];
    again.sources = next.sources.map((r) => ({ ...r, stats: { ...r.stats } })); // equal records, other objects
    again.previous = next.previous;
    whole.charge('W', next);

    const carried = new ManifestBudget(1024 * 1024);
    carried.carry('W', figure, earlier);
    expect(carried.spent().get('W')).toBe(figure); // nothing read for it
    carried.charge('W', again);
    expect(carried.spent().get('W')).toBe(whole.spent().get('W'));
    // the next one's repeats are the carried manifests' own objects, held once
    expect(again.sources[0]).toBe(earlier[0]!.sources[0]);
    expect(again.sources[2]).not.toBe(earlier[0]!.sources[2]);
  });
});

