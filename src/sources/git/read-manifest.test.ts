import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import type { BlobSink } from '../blob-sink.js';
import type { GitManifest } from './manifest.js';
import { MANIFEST_V2, REFS_INLINE, splitRefs, type GitManifestV2 } from './manifest-parts.js';
import { loadGitManifest, loadRefs, readGitManifest } from './read-manifest.js';
import { storeManifest } from './store-manifest.js';
import { canonicalBytes } from '../../util/canonical.js';

/** An in-memory vault: blobs by content id, what was added and read. */
class Blobs {
  readonly bytes = new Map<string, Buffer>();
  added: string[] = [];
  readonly reads: string[] = [];
  readonly sink = {
    add: async (_type: string, plain: Buffer) => {
      const id = createHash('sha256').update(plain).digest('hex');
      if (!this.bytes.has(id)) this.added.push(id);
      this.bytes.set(id, plain);
      return id;
    },
    reuse: (id: string) => this.bytes.has(id),
  } as unknown as BlobSink;
  async blob(id: string): Promise<Buffer> {
    this.reads.push(id);
    const b = this.bytes.get(id);
    if (!b) throw new Error(`blob ${id.slice(0, 12)} is not in the vault index`);
    return b;
  }
  json(id: string): GitManifestV2 {
    return JSON.parse(this.bytes.get(id)!.toString()) as GitManifestV2;
  }
}

const oid = (i: number) => createHash('sha1').update(String(i)).digest('hex');
function manifest(refCount: number, fileCount = 50): GitManifest {
  const refs: Record<string, string> = { 'refs/heads/main': oid(0), 'refs/heads/topic': oid(1) };
  for (let i = 0; i < refCount - 2; i++) refs[`refs/pull/${i}/head`] = oid(i + 2);
  return {
    format: 'bulkhead-git-manifest/1',
    url: 'https://example.com/r.git',
    head: 'refs/heads/main',
    defaultBranch: 'main',
    refs,
    files: Array.from({ length: fileCount }, (_, i): [string, string, string, number] => [`src/f${i}.ts`, '100644', oid(1000 + i), i]),
    pipelines: { main: [{ system: 'github-actions', path: '.github/workflows/ci.yml', blob: oid(9), triggers: [], jobs: [], valid: true }], topic: [] } as unknown as GitManifest['pipelines'],
  };
}

describe('git manifest, format 1 and format 2', () => {
  it('reads a format 1 manifest whole, as before', async () => {
    const b = new Blobs();
    const m = { ...manifest(3), lfsObjects: 0 };
    const id = await b.sink.add('tree', canonicalBytes(m));
    expect(await loadGitManifest(b, id)).toEqual(m);
  });

  it('stores format 2 in parts and loads the same manifest, refs inline when few', async () => {
    const b = new Blobs();
    const m = manifest(3);
    const { id, parts } = await storeManifest(b.sink, m, 2, undefined, new Map());
    const top = b.json(id);
    expect(top.format).toBe(MANIFEST_V2);
    expect(top.refs).toEqual(m.refs);
    expect([top.files, top.pipelines]).toEqual([parts.files, parts.pipelines]);
    expect(b.added).toHaveLength(3); // files, pipelines, the small blob
    expect(await loadGitManifest(b, id)).toEqual({ ...m, lfsObjects: 2 });
  });

  it('a changed backup stores the small blob and the one refs part that changed; the reader reads refs without files or pipelines', async () => {
    const b = new Blobs();
    const m = manifest(REFS_INLINE * 5);
    const first = await storeManifest(b.sink, m, 0, undefined, new Map());
    expect(first.parts.refs!.length).toBeGreaterThan(5);
    expect(await loadGitManifest(b, first.id)).toEqual({ ...m, lfsObjects: 0 });

    const moved: GitManifest = { ...m, refs: { ...m.refs, 'refs/heads/topic': oid(77) } }; // the same files and pipelines objects, as buildManifest keeps them
    b.added = [];
    const second = await storeManifest(b.sink, moved, 0, { manifest: m, parts: first.parts }, new Map());
    expect(second.parts.files).toBe(first.parts.files);
    expect(second.parts.pipelines).toBe(first.parts.pipelines);
    expect(second.parts.refs!.filter((p, i) => p !== first.parts.refs![i])).toHaveLength(1);
    expect(b.added).toHaveLength(2); // one refs part and the small blob
    expect(b.added).toContain(second.id);

    b.reads.length = 0;
    const top = readGitManifest(b.bytes.get(second.id)!, second.id);
    expect(await loadRefs(b, top, second.id)).toEqual(moved.refs);
    expect(b.reads).not.toContain(first.parts.files);
    expect(b.reads).not.toContain(first.parts.pipelines);
  });

  it('cuts refs by their names: a ref added changes one run or two, not the runs after it', () => {
    const refs = manifest(20_000).refs;
    const runs = splitRefs(refs);
    const added = splitRefs({ ...refs, 'refs/pull/10000/merge': oid(5) });
    const key = (r: Record<string, string>) => JSON.stringify(r);
    const before = new Set(runs.map(key));
    expect(added.filter((r) => !before.has(key(r))).length).toBeLessThanOrEqual(2);
    expect(runs.length).toBeGreaterThan(20_000 / 1024);
  });

  it('a part missing from the vault is CORRUPT, naming the manifest and the part', async () => {
    const b = new Blobs();
    const { id, parts } = await storeManifest(b.sink, manifest(3), 0, undefined, new Map());
    b.bytes.delete(parts.files);
    await expect(loadGitManifest(b, id)).rejects.toMatchObject({ code: 'CORRUPT', message: expect.stringContaining(`git manifest ${id.slice(0, 12)}: its files part ${parts.files.slice(0, 12)} cannot be read`) });
  });

  it('a part of another kind, or not JSON, is CORRUPT naming the part', async () => {
    const b = new Blobs();
    const { id, parts } = await storeManifest(b.sink, manifest(3), 0, undefined, new Map());
    const swapped = await b.sink.add('tree', canonicalBytes({ ...b.json(id), files: parts.pipelines }));
    await expect(loadGitManifest(b, swapped)).rejects.toMatchObject({ code: 'CORRUPT', message: expect.stringMatching(new RegExp(`its files part ${parts.pipelines.slice(0, 12)} is not a files part \\(format`)) });
    b.bytes.set(parts.pipelines, Buffer.from('{"format": "bulkhead-git-pipelines/1", "pipel'));
    await expect(loadGitManifest(b, id)).rejects.toMatchObject({ code: 'CORRUPT', message: `git manifest ${id.slice(0, 12)}: its pipelines part ${parts.pipelines.slice(0, 12)} is not JSON` });
  });

  it('refs named twice, or both inline and in parts, are CORRUPT', async () => {
    const b = new Blobs();
    const { id, parts } = await storeManifest(b.sink, manifest(REFS_INLINE * 3), 0, undefined, new Map());
    const top = b.json(id);
    const [name, oid0] = Object.entries((JSON.parse(b.bytes.get(parts.refs![0]!)!.toString()) as { refs: Record<string, string> }).refs)[0]!;
    const overlap = await b.sink.add('tree', canonicalBytes({ format: 'bulkhead-git-refs/1', refs: { [name]: oid0, 'refs/tags/z': oid0 } })); // another part naming a ref of the first
    const twice = await b.sink.add('tree', canonicalBytes({ ...top, refParts: [parts.refs![0], overlap] }));
    await expect(loadGitManifest(b, twice)).rejects.toMatchObject({ code: 'CORRUPT', message: expect.stringMatching(/refs part [0-9a-f]{12} names ".*", which an earlier part names too/) });
    const both = await b.sink.add('tree', canonicalBytes({ ...top, refs: {} }));
    await expect(loadGitManifest(b, both)).rejects.toMatchObject({ code: 'CORRUPT', message: expect.stringContaining('both inline and in parts') });
    const noId = await b.sink.add('tree', canonicalBytes({ ...top, files: '../x' }));
    await expect(loadGitManifest(b, noId)).rejects.toMatchObject({ code: 'CORRUPT', message: expect.stringContaining('files: not a blob id') });
  });

  it('a refs part named twice is refused before any part is read, naming the part and both places', async () => {
    const b = new Blobs();
    const { id, parts } = await storeManifest(b.sink, manifest(REFS_INLINE * 3), 0, undefined, new Map());
    const part = parts.refs![1]!;
    const bomb = await b.sink.add('tree', canonicalBytes({ ...b.json(id), refParts: [parts.refs![0], ...new Array<string>(4096).fill(part)] }));
    b.reads.length = 0;
    const refused = { code: 'CORRUPT', message: `git manifest ${bomb.slice(0, 12)} names its refs part ${part.slice(0, 12)} twice (at 2 and 3 of 4097): a writer names each run of refs once, so the manifest was forged or damaged (a hijacked writer can repeat a part until readers run out of memory); none of its parts was read` };
    expect(() => readGitManifest(b.bytes.get(bomb)!, bomb)).toThrow(expect.objectContaining(refused));
    await expect(loadGitManifest(b, bomb)).rejects.toMatchObject(refused);
    expect(b.reads).toEqual([bomb]);
  });

  it('parts holding more refs than a git source may are refused as they arrive, the rest left unread', async () => {
    const b = new Blobs();
    const m = manifest(REFS_INLINE * 20);
    const { id, parts } = await storeManifest(b.sink, m, 0, undefined, new Map());
    const top = readGitManifest(b.bytes.get(id)!, id);
    expect(Object.keys(await loadRefs(b, top, id, REFS_INLINE * 20)).length).toBe(REFS_INLINE * 20); // at the ceiling: read whole
    b.reads.length = 0;
    await expect(loadRefs(b, top, id, 1500)).rejects.toMatchObject({ code: 'CORRUPT', message: expect.stringMatching(new RegExp(`^git manifest ${id.slice(0, 12)}: its refs parts hold more than 1,500 refs \\(passed by part \\d+ of ${parts.refs!.length}\\), more than a git source may hold: .*the rest of its parts were not read$`)) });
    expect(b.reads.length).toBeLessThan(parts.refs!.length / 2); // ~256 refs a part: ~6 read, and the 8 in flight
  });
});
