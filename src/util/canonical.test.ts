import { describe, expect, it } from 'vitest';
import { canonicalJson, sharedCanonicalJson } from './canonical.js';

describe('sharedCanonicalJson', () => {
  it('gives canonicalJson’s bytes, shared objects and odd keys included', () => {
    const pipeline = { system: 'gitlab-ci', path: '.gitlab-ci.yml', blob: 'ab', jobs: ['b', 'a'], name: undefined, valid: true, includes: ['x.yml'] };
    const values: unknown[] = [
      { format: 'f', refs: { 'refs/heads/b': '2', 'refs/heads/a': '1' }, pipelines: { main: [pipeline, pipeline], '10': [pipeline], '9': [], x: [{ ...pipeline, path: 'é/ü ✓' }] } },
      { b: 1, a: [1, undefined, null, 'q"\\\n\u2028'], '0': { z: {}, y: [] }, '-1': true, '01': false, '4294967295': 'big', '2': undefined },
      [[], {}, 'x', 0, -5, Number.MAX_SAFE_INTEGER],
      'a string',
      null,
    ];
    for (const v of values) expect(sharedCanonicalJson(v)).toBe(canonicalJson(v));
  });

  it('reuses what an earlier call encoded, and holds integers only', () => {
    const shared = { a: 1 };
    const seen = new Map<object, string>();
    expect(sharedCanonicalJson({ x: shared, y: 2 }, seen)).toBe('{"x":{"a":1},"y":2}');
    expect(seen.get(shared)).toBe('{"a":1}');
    expect(sharedCanonicalJson({ state: 1, m: { x: shared } }, seen)).toBe(canonicalJson({ state: 1, m: { x: shared } }));
    expect(() => sharedCanonicalJson({ n: 1.5 })).toThrow(/integers only/);
  });
});
