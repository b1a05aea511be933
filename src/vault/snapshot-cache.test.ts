import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RecoveryIdentity } from '../keys/identity.js';
import { snapshotCache, type OpenedSnapshot, type SnapshotVerdicts } from './snapshot-cache.js';

const identity = RecoveryIdentity.generate();
const opened = (i: number): OpenedSnapshot => ({
  version: `:1:${i}`, hash: String(i).padStart(64, '0'), id: String(i).padStart(16, '0'), time: '2026-04-04T17:33:58.256Z', writer: 'W1', verifiedWith: 'k',
  manifest: { id: String(i).padStart(16, '0'), time: '2026-04-04T17:33:58.256Z', host: 'vm', writer: 'W1', agentVersion: '0.1.0', previous: null, tags: [], stats: { bytesRead: i, bytesAdded: i },
    sources: [{ kind: 'dir', name: 'cfg', locator: '/etc', root: String(i).padStart(64, 'c'), stats: { files: i, dirs: 1, bytes: i } }] },
});
const verdicts = (n: number): SnapshotVerdicts => ({ opened: new Map(Array.from({ length: n }, (_, i) => [`snapshots/k${i}`, opened(i)])), unopened: new Map([['snapshots/junk', { version: ':3:4', writers: 'w', refused: 'not a valid snapshot object' }]]), charged: new Map([['W1', n * 300]]) });
const plain = (v: SnapshotVerdicts) => JSON.parse(JSON.stringify({ opened: [...v.opened], unopened: [...v.unopened], charged: [...(v.charged ?? [])] })) as unknown;
const files = (dir: string) => readdirSync(dir).sort();

/** A look: load, then save what the listing kept (here: what was loaded, plus `more`, less `drop`). */
async function look(dir: string, more: number[] = [], drop: string[] = []): Promise<SnapshotVerdicts> {
  const cache = snapshotCache(dir, identity, 'vault-1');
  const v = await cache.load();
  for (const i of more) v.opened.set(`snapshots/k${i}`, opened(i));
  for (const k of drop) v.opened.delete(k);
  v.charged = new Map([['W1', v.opened.size * 300]]);
  await cache.save(v);
  return v;
}

describe('the snapshot cache’s tail', () => {
  it('holds the snapshots verified since the whole file, which is not written again for them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bulkhead-sc-'));
    await snapshotCache(dir, identity, 'vault-1').save(verdicts(200));
    const [whole] = files(dir);
    const bytes = readFileSync(join(dir, whole!));
    const after = await look(dir, [200, 201]);
    expect(files(dir)).toHaveLength(2);
    expect(readFileSync(join(dir, whole!)).equals(bytes)).toBe(true);
    await look(dir, [202]);
    const read = await snapshotCache(dir, identity, 'vault-1').load();
    expect(read.opened.size).toBe(203);
    expect(plain(read)).toEqual(plain({ ...after, opened: new Map([...after.opened, ['snapshots/k202', opened(202)]]), charged: new Map([['W1', 203 * 300]]) }));
  });

  it('is folded into a new whole file when an entry of it goes or changes, or the tail grows past its share', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bulkhead-sc-'));
    await snapshotCache(dir, identity, 'vault-1').save(verdicts(200));
    await look(dir, [200]);
    expect(files(dir)).toHaveLength(2);
    await look(dir, [], ['snapshots/k3']); // a snapshot gone from the listing
    expect(files(dir)).toHaveLength(1);
    expect((await snapshotCache(dir, identity, 'vault-1').load()).opened.has('snapshots/k3')).toBe(false);
    await look(dir, Array.from({ length: 65 }, (_, i) => 300 + i)); // past 64 and a sixteenth of 200
    expect(files(dir)).toHaveLength(1);
    expect((await snapshotCache(dir, identity, 'vault-1').load()).opened.size).toBe(200 + 65);
  });

  it('is read only beside the whole file it was written for; one that does not open is no tail', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bulkhead-sc-'));
    await snapshotCache(dir, identity, 'vault-1').save(verdicts(100));
    await look(dir, [100]);
    const tail = files(dir).find((f) => f.includes('.tail.'))!;
    const kept = readFileSync(join(dir, tail));
    await look(dir, [], ['snapshots/k1', 'snapshots/k100']); // a new whole file without either, its tail gone
    expect(existsSync(join(dir, tail))).toBe(false);
    writeFileSync(join(dir, tail), kept); // the old tail put back: it names the old whole file
    const read = await snapshotCache(dir, identity, 'vault-1').load();
    expect(read.opened.has('snapshots/k100')).toBe(false);
    expect(read.opened.size).toBe(99);
    await look(dir, [500]);
    const sealed = readFileSync(join(dir, tail));
    sealed[sealed.length - 2]! ^= 1;
    writeFileSync(join(dir, tail), sealed);
    expect((await snapshotCache(dir, identity, 'vault-1').load()).opened.has('snapshots/k500')).toBe(false);
  });
});
