import { describe, expect, it } from 'vitest';
import { sourcesElsewhere } from './sources-elsewhere.js';

const snap = (id: string, sources: string[], latestFor: string[]) => ({ id, latestFor, sources: sources.map((name) => ({ name })) });

describe('the sources a snapshot does not hold (Browse and Diff of another writer\'s run)', () => {
  const ci1 = snap('ci1', ['api', 'cfg'], []);
  const db1 = snap('db1', ['db'], []);
  const ci2 = snap('ci2', ['api', 'cfg'], ['cfg']); // api was wiped in ci3; cfg's latest good is here
  const ci3 = snap('ci3', ['api', 'cfg', 'web'], []); // flagged: no source's latest
  const db2 = snap('db2', ['db'], ['db']);
  const list = [ci1, db1, ci2, ci3, db2];

  it('names each from its own latest good snapshot, and one with none from its newest, flagged', () => {
    const api1 = { ...ci1, latestFor: ['api'] };
    expect(sourcesElsewhere([api1, db1, ci2, ci3, db2], 'db2').map((e) => [e.name, e.snapshot.id, e.good])).toEqual([
      ['api', 'ci1', true],
      ['cfg', 'ci2', true],
      ['web', 'ci3', false],
    ]);
    expect(sourcesElsewhere(list, 'db2').find((e) => e.name === 'api')).toMatchObject({ snapshot: { id: 'ci3' }, good: false });
  });

  it('is empty for a snapshot that holds every source, or one not in the list', () => {
    expect(sourcesElsewhere([ci1, ci2], 'ci2')).toEqual([]);
    expect(sourcesElsewhere(list, 'gone')).toEqual([]);
    expect(sourcesElsewhere(list, null)).toEqual([]);
  });

  it('from a repository\'s run, the database is elsewhere', () => {
    expect(sourcesElsewhere(list, 'ci2').map((e) => [e.name, e.snapshot.id])).toEqual([['db', 'db2'], ['web', 'ci3']]);
  });
});
