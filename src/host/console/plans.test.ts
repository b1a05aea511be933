import { describe, expect, it } from 'vitest';
import { PlanBook, PLAN_MAX_AGE_MS } from './plans.js';
import type { SelectionPlan } from '../../ops/restore/selection-plan.js';
import { fixedClock } from '../../util/clock.js';

const plan = (target: string): SelectionPlan =>
  ({
    snap: { id: 'snap1' },
    target,
    items: [{ type: 'tree', source: 'infra/k8s', path: 'infra/k8s', destination: `${target}/k8s`, restoreInto: `${target}/k8s`, kind: 'dir', files: 1, bytes: 1, exists: false, writes: ['k8s/a'] }],
    files: 1,
    bytes: 1,
    blocked: [],
  }) as unknown as SelectionPlan;

describe('plan book', () => {
  it('issues an immutable plan by id, runs it once, and refuses an id it never issued', () => {
    const book = new PlanBook(fixedClock(new Date('2026-01-01T00:00:00Z')));
    const issued = book.issue('v1', plan('/srv/a'));
    expect(book.take(issued.id)).toBe(issued);
    expect(() => ((issued.plan as { target: string }).target = '/etc')).toThrow(TypeError);
    expect(() => (issued.plan.items as unknown[]).push({})).toThrow(TypeError);
    expect(() => (issued.plan.items[0]!.writes as string[]).push('x')).toThrow(TypeError);
    book.spend(issued.id);
    expect(() => book.take(issued.id)).toThrow(expect.objectContaining({ code: 'USAGE', message: expect.stringMatching(/already ran/) }));
    expect(() => book.take('made-up')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  it('refuses a plan older than the limit, forgets every plan on clear, and keeps only the newest', () => {
    const clock = fixedClock(new Date('2026-01-01T00:00:00Z'));
    const book = new PlanBook(clock);
    const old = book.issue('v1', plan('/srv/a'));
    clock.advance(PLAN_MAX_AGE_MS + 1);
    expect(() => book.take(old.id)).toThrow(/older than 30 minutes/);
    const kept = book.issue('v1', plan('/srv/b'));
    book.clear();
    expect(() => book.take(kept.id)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    const ids = Array.from({ length: 25 }, () => book.issue('v1', plan('/srv/c')).id);
    expect(() => book.take(ids[0]!)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(book.take(ids[24]!).id).toBe(ids[24]);
  });
});
