import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import type { BlobSink } from '../blob-sink.js';
import type { GitManifest } from './manifest.js';
import { gitPipelinesSchema, pipelinesOf } from './pipeline-schema.js';
import { PIPELINE_FILE_LIMIT } from './pipeline-yaml.js';
import { PIPELINE_SYSTEMS } from './pipeline-system.js';
import { loadGitManifest, readGitManifest } from './read-manifest.js';
import { storeManifest } from './store-manifest.js';
import { canonicalBytes } from '../../util/canonical.js';

const blobs = new Map<string, Buffer>();
const sink = {
  add: async (_type: string, plain: Buffer) => {
    const id = createHash('sha256').update(plain).digest('hex');
    blobs.set(id, plain);
    return id;
  },
  reuse: (id: string) => blobs.has(id),
} as unknown as BlobSink;
const from = { blob: async (id: string) => blobs.get(id) ?? Promise.reject(new Error(`no blob ${id}`)) };
const put = (v: unknown) => sink.add('tree', canonicalBytes(v));

const ci = { system: 'github-actions', path: '.github/workflows/ci.yml', blob: 'b'.repeat(40), triggers: ['push'], jobs: ['test'], valid: true } as const;
const manifest = (defaultBranch: string, pipelines: unknown) =>
  ({ format: 'bulkhead-git-manifest/1', url: 'https://example.com/r.git', head: `refs/heads/${defaultBranch}`, defaultBranch, refs: { [`refs/heads/${defaultBranch}`]: 'a'.repeat(40) }, files: [], pipelines }) as unknown as GitManifest;

/** What a hijacked writer put on a branch's list: each once refused, never an "unexpected error" at a reader. */
const malformed: [string, unknown, RegExp][] = [
  ['null', [null], /pipelines\.main\.0: Expected object, received null/],
  ['a number', [5], /pipelines\.main\.0: Expected object, received number/],
  ['an empty object', [{}], /pipelines\.main\.0\.system: Required/],
  ['triggers as text', [{ ...ci, triggers: 'push' }], /pipelines\.main\.0\.triggers: Expected array, received string/],
  ['jobs as an object', [{ ...ci, jobs: { a: 1 } }], /pipelines\.main\.0\.jobs: Expected array/],
  ['a system that is no name', [{ ...ci, system: 'Make; rm -rf /' }], /pipelines\.main\.0\.system: not a pipeline system name/],
  ['a blob that is an option', [{ ...ci, blob: '--upload-pack=touch /tmp/x' }], /pipelines\.main\.0\.blob: not a git object id/],
  ['a path longer than any pipeline file', [{ ...ci, path: 'x'.repeat(PIPELINE_FILE_LIMIT + 1) }], /pipelines\.main\.0\.path: String must contain at most/],
  ['a list that is not a list', { 0: ci }, /pipelines\.main: Expected array, received object/],
];

describe('a git manifest\'s pipelines, as the writer records them', () => {
  it.each(malformed)('a pipeline part holding %s is CORRUPT, naming the manifest, the part and where', async (_what, list, where) => {
    const part = await put({ format: 'bulkhead-git-pipelines/1', pipelines: { main: list } });
    const files = await put({ format: 'bulkhead-git-files/1', files: [] });
    const id = await put({ ...manifest('main', {}), format: 'bulkhead-git-manifest/2', files, pipelines: part });
    const refused = loadGitManifest(from, id);
    await expect(refused).rejects.toMatchObject({ code: 'CORRUPT', message: expect.stringContaining(`git manifest ${id.slice(0, 12)}: its pipelines part ${part.slice(0, 12)} is not a pipelines part (`) });
    await expect(refused).rejects.toThrow(where);
  });

  it.each(malformed)('a format 1 manifest holding %s is CORRUPT, naming the manifest and where', async (_what, list, where) => {
    const id = await put(manifest('main', { main: list }));
    expect(() => readGitManifest(blobs.get(id)!, id)).toThrow(expect.objectContaining({ code: 'CORRUPT', message: expect.stringContaining(`git manifest ${id.slice(0, 12)} is not a Bulkhead git manifest (`) }));
    expect(() => readGitManifest(blobs.get(id)!, id)).toThrow(where);
  });

  it("keeps a newer agent's CI system as its name", () => {
    const parsed = gitPipelinesSchema.parse({ main: [{ ...ci, system: 'woodpecker' }, ...PIPELINE_SYSTEMS.map((system) => ({ ...ci, system }))] });
    expect(pipelinesOf(parsed, 'main')!.map((p) => p.system)).toEqual(['woodpecker', ...PIPELINE_SYSTEMS]);
  });

  it('pipelines that are no object of branches are CORRUPT', () => {
    for (const v of [null, [], 'main', 5]) expect(gitPipelinesSchema.safeParse(v).success).toBe(false);
  });

  it('reads what older and newer agents wrote: optional fields absent or present, fields it does not know dropped', () => {
    const older = { system: 'jenkins', path: 'Jenkinsfile', blob: 'c'.repeat(40), triggers: [], jobs: ['build'], valid: true };
    const every = { ...ci, name: 'CI', error: 'x', valid: false, includes: ['a.yml'], deferred: true, blob: 'd'.repeat(64) };
    const parsed = gitPipelinesSchema.parse({ main: [older, every, { ...older, parsedBy: 3 }], topic: [] });
    expect(parsed.main).toEqual([older, every, older]);
    expect(parsed.topic).toEqual([]);
  });

  it('branches named "constructor", "__proto__", "toString" are ordinary branches, stored and read in both formats', async () => {
    const names = ['constructor', '__proto__', 'toString', 'hasOwnProperty'];
    const pipelines = Object.fromEntries(names.map((n, i) => [n, [{ ...ci, path: `.github/workflows/${i}.yml` }]]));
    for (const name of names) {
      const m = { ...manifest(name, pipelines), refs: Object.fromEntries(names.map((n) => [`refs/heads/${n}`, 'a'.repeat(40)])) };
      const v1 = await put(m);
      const { id: v2 } = await storeManifest(sink, m, 0, undefined, new Map());
      for (const id of [v1, v2]) {
        const read = await loadGitManifest(from, id);
        expect(Object.keys(read.pipelines).sort()).toEqual([...names].sort());
        expect(pipelinesOf(read.pipelines, read.defaultBranch)).toEqual(pipelines[name]);
        expect(Object.getPrototypeOf(read.pipelines)).toBe(null);
      }
    }
  });

  it('a default branch named after what Object.prototype holds, without pipelines, has none', async () => {
    for (const name of ['constructor', '__proto__', 'toString', 'valueOf']) {
      const read = await loadGitManifest(from, await put(manifest(name, {})));
      expect(pipelinesOf(read.pipelines, read.defaultBranch)).toBeUndefined();
      expect(pipelinesOf({ main: [] }, name)).toBeUndefined();
    }
  });
});
