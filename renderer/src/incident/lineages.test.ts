import { describe, expect, it } from 'vitest';
import type { SnapshotView } from '../../../src/api/browse-methods.js';
import { incidentLineages, previousOf, uncomparedSources } from './lineages.js';

const snap = (id: string, at: string, sources: string[], latestFor: string[], latest = false, flagged: string[] = []): SnapshotView => ({
  id, time: at, storedAt: at, at, latest, latestFor, host: 'h', writer: 'w', tags: [], bytesAdded: 0, warnings: [],
  anomalies: flagged.map((source) => ({ source, message: `${source} lost 90% of its files` })),
  sources: sources.map((name) => ({ name, kind: name === 'db' ? 'stream' : 'git', files: 1, bytes: 1 })),
});

describe('the incident compares each source from its own latest good snapshot', () => {
  it('groups sources by that snapshot, newest first, and leaves out snapshots that are no source\'s latest', () => {
    const older = snap('all1', '2026-11-30T06:00:00Z', ['api', 'db', 'web'], []);
    const web = snap('web1', '2026-11-30T07:00:00Z', ['web', 'db'], ['web']);
    const db = snap('db1', '2026-11-30T08:00:00Z', ['db'], ['db'], true);
    const api = snap('api1', '2026-11-30T05:00:00Z', ['api', 'cfg'], ['cfg', 'api']);
    const found = incidentLineages([api, older, web, db]);
    expect(found.map((l) => [l.snapshot.id, l.sources.map((s) => `${s.name}:${s.kind}`)])).toEqual([
      ['db1', ['db:stream']],
      ['web1', ['web:git']],
      ['api1', ['api:git', 'cfg:git']],
    ]);
    expect(incidentLineages([older])).toEqual([]);
  });

  it('puts first the groups a later snapshot flags, so new source names cannot push the wiped ones out of view', () => {
    const good = snap('good', '2026-11-30T06:00:00Z', ['api', 'cfg'], ['api', 'cfg']);
    const wiped = snap('wiped', '2026-11-30T07:00:00Z', ['api', 'cfg'], [], false, ['api']);
    const invented = Array.from({ length: 10 }, (_, i) => snap(`x${i}`, `2026-11-30T08:0${i}:00Z`, [`x${i}`], [`x${i}`]));
    const found = incidentLineages([good, wiped, ...invented]);
    expect(found[0]!.snapshot.id).toBe('good');
    expect(found[0]!.hit).toEqual(['api']);
    expect(found.slice(1).map((l) => l.snapshot.id)).toEqual(invented.map((s) => s.id).reverse());
    expect(found[1]!.hit).toEqual([]);
  });

  it('among flagged groups puts the oldest lineages first: names a writer invents and then flags itself come after', () => {
    const good = snap('good', '2026-11-30T06:00:00Z', ['api', 'cfg'], ['api', 'cfg']);
    const wiped = snap('wiped', '2026-11-30T07:00:00Z', ['api', 'cfg'], [], false, ['api']);
    const at = (h: number, i: number) => `2026-11-30T${h}:${String(i).padStart(2, '0')}:00Z`;
    const invented = Array.from({ length: 45 }, (_, i) => snap(`x${i}`, at(8, i), [`x${i}`], [`x${i}`]));
    const flagged = Array.from({ length: 45 }, (_, i) => snap(`y${i}`, at(9, i), [`x${i}`], [], false, [`x${i}`]));
    const found = incidentLineages([good, wiped, ...invented, ...flagged]);
    expect(found[0]!.snapshot.id).toBe('good');
    expect(found.every((l) => l.hit.length === 1)).toBe(true);
  });

  it('names the sources no group compares (every copy flagged, or backed up by two writers), with the newest reason', () => {
    const good = snap('good', '2026-11-30T06:00:00Z', ['api'], ['api']);
    const owner = snap('own', '2026-11-30T07:00:00Z', ['db'], []);
    const forged = snap('forged', '2026-11-30T08:00:00Z', ['db'], [], false, ['db']);
    const untrusted = { ...snap('revoked', '2026-11-30T09:00:00Z', ['junk'], []), warnings: ['written by revoked writer'] };
    expect(uncomparedSources([good, owner, forged, untrusted])).toEqual([{ name: 'db', why: 'db lost 90% of its files' }]);
    expect(uncomparedSources([good, owner])).toEqual([{ name: 'db', why: 'no snapshot of it is free of warnings and anomalies' }]);
    // Names one writer invents, each flagged, come after a source two writers hold.
    const invented = Array.from({ length: 12 }, (_, i) => ({ ...snap(`i${i}`, `2026-11-30T10:${10 + i}:00Z`, [`a${i}`], [], false, [`a${i}`]), writer: 'rogue' }));
    expect(uncomparedSources([good, owner, { ...forged, writer: 'rogue' }, ...invented])[0]!.name).toBe('db');
  });
});

describe('the snapshot a latest good one followed', () => {
  it('is the newest older one holding its sources, passing over one flagged about them', () => {
    const first = snap('first', '2026-11-29T06:00:00Z', ['api'], []);
    const second = snap('second', '2026-11-30T06:00:00Z', ['api'], []);
    const other = snap('other', '2026-11-30T07:00:00Z', ['web'], ['web']);
    const gutted = snap('gutted', '2026-11-30T08:00:00Z', ['api'], [], false, ['api']);
    const latest = snap('latest', '2026-11-30T09:00:00Z', ['api'], ['api'], true);
    const all = [first, second, other, gutted, latest];
    const lineage = incidentLineages(all).find((l) => l.snapshot.id === 'latest')!;
    expect(previousOf(all, lineage)?.id).toBe('second');
    expect(previousOf([latest], lineage)).toBeNull();
  });
});
