import { describe, expect, it } from 'vitest';
import { compareRefs, hasEvents, refEventMessages, watchedBranch, type RefView } from './ref-events.js';

const view = (refs: Record<string, string>, defaultBranch: string | null = 'main', rewritten?: string[], count?: number): RefView => ({
  refs,
  defaultBranch,
  ...(rewritten && { rewritten: { refs: rewritten, count: count ?? rewritten.length } }),
});
const base = { 'refs/heads/main': 'a1', 'refs/heads/release/1.4': 'b1', 'refs/heads/release/1.5': 'b2', 'refs/heads/release/1.6': 'b3', 'refs/heads/release/1.7': 'b4', 'refs/heads/feature/x': 'c1', 'refs/tags/v1.2.0': 't1', 'refs/tags/v1.3.0': 't2', 'refs/pull/1/head': 'p1' };

/** `refs` without the named ones. */
const without = (refs: Record<string, string>, ...names: string[]) => Object.fromEntries(Object.entries(refs).filter(([r]) => !names.includes(r)));

describe('history events between two manifests of a lineage', () => {
  it('nothing when nothing but tips moved, branches were added, or a short-lived branch or a forge ref went', () => {
    const rest = without(base, 'refs/heads/feature/x', 'refs/pull/1/head');
    const e = compareRefs(view(base), view({ ...rest, 'refs/heads/main': 'a2', 'refs/heads/new': 'n' }));
    expect(hasEvents(e)).toBe(false);
    expect(refEventMessages('api', e)).toEqual([]);
  });

  it('a release branch deleted, naming the first few and counting the rest; tags deleted after branches', () => {
    const rest = without(base, 'refs/heads/release/1.4', 'refs/heads/release/1.5', 'refs/heads/release/1.6', 'refs/tags/v1.3.0');
    expect(refEventMessages('api', compareRefs(view(base), view(rest)))).toEqual(['api: release/1.4, release/1.5, release/1.6 deleted (and 1 more)']);
    const one = without(base, 'refs/heads/release/1.4');
    expect(refEventMessages('api', compareRefs(view(base), view(one)))).toEqual(['api: release/1.4 deleted']);
    const tagless = without(base, 'refs/tags/v1.2.0');
    expect(refEventMessages('api', compareRefs(view(base), view(tagless)))).toEqual(['api: tag v1.2.0 deleted']);
  });

  it('a tag moved; the default branch changed (and deleted, named first)', () => {
    expect(refEventMessages('api', compareRefs(view(base), view({ ...base, 'refs/tags/v1.2.0': 't9' })))).toEqual(['api: tag v1.2.0 moved']);
    expect(refEventMessages('api', compareRefs(view(base), view({ ...base, 'refs/tags/v1.2.0': 't9', 'refs/tags/v1.3.0': 't8' })))).toEqual(['api: tags v1.2.0, v1.3.0 moved']);
    expect(refEventMessages('api', compareRefs(view(base), view({ ...base, 'refs/heads/x': 'a1' }, 'x')))).toEqual(['api: default branch changed from main to x']);
    const headless = without(base, 'refs/heads/main', 'refs/heads/release/1.4');
    expect(refEventMessages('api', compareRefs(view(base), view(headless, 'release/1.5')))).toEqual(['api: main, release/1.4 deleted', 'api: default branch changed from main to release/1.5']);
  });

  it('a force-push is the agent\'s record, said as such, for watched branches only; the first manifest has only that', () => {
    const after = view({ ...base, 'refs/heads/main': 'a9' }, 'main', ['refs/heads/feature/x', 'refs/heads/main']);
    expect(refEventMessages('api', compareRefs(view(base), after))).toEqual(['api: main was rewritten: the backup agent recorded a force-push']);
    expect(refEventMessages('api', compareRefs(undefined, after))).toEqual(['api: main was rewritten: the backup agent recorded a force-push']);
    const many = view(base, 'main', ['refs/heads/main', 'refs/heads/release/1.4'], 7);
    expect(refEventMessages('api', compareRefs(view(base), many))).toEqual(['api: main, release/1.4 were rewritten (and 5 more): the backup agent recorded force-pushes']);
    expect(hasEvents(compareRefs(view(base), view(base, 'main', ['refs/heads/feature/x'])))).toBe(false);
  });

  it('watches the default branch, long-lived names, not topic branches; long names are clipped', () => {
    for (const b of ['main', 'master', 'develop', 'release/2.0', 'releases/2024-q1', 'hotfix-7', '1.4.x', 'v2.x', '7-0-stable', 'production']) expect(watchedBranch(b, [null])).toBe(true);
    for (const b of ['feature/x', 'fix-login', 'dependabot/npm/x', 'renovate/y', 'mainline-experiment']) expect(watchedBranch(b, [null])).toBe(false);
    expect(watchedBranch('gh-pages', ['gh-pages'])).toBe(true);
    const long = `release/${'x'.repeat(300)}`;
    const [m] = refEventMessages('api', compareRefs(view({ [`refs/heads/${long}`]: 'a' }), view({})));
    expect(m!.length).toBeLessThan(130);
  });
});
