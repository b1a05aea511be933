import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliWorkspace } from '../helpers/cli.js';
import { sh } from '../helpers/git.js';
import { fastImport, initBare } from '../helpers/git-fast.js';
import { RogueWriter } from '../helpers/rogue-tree.js';
import { tempDir } from '../helpers/vault.js';
import { FileStore } from '../../src/storage/file-store.js';
import { parseSealedIdentity, unsealIdentity } from '../../src/keys/sealed-identity.js';
import type { WriterCredential } from '../../src/keys/writer-credential.js';
import { openVault } from '../../src/ops/open-vault.js';
import { snapshotFor } from '../../src/ops/snapshot-ref.js';
import { loadGitManifest, readGitManifest } from '../../src/sources/git/read-manifest.js';
import { MANIFEST_V2, type GitManifestV2 } from '../../src/sources/git/manifest-parts.js';
import { canonicalBytes } from '../../src/util/canonical.js';
import type { DiffResult } from '../../src/ops/diff/diff.js';
import type { Listing } from '../../src/ops/browse/ls.js';
import type { GitChange } from '../../src/sources/git/git-changes.js';

const FILES = 3000;
const workflow = 'name: CI\non: push\njobs:\n  build:\n    runs-on: x\n';

/**
 * A repository with many files at its default branch; a topic branch moves. Real git, the real CLI
 * (in this process), a local immutable vault.
 */
describe('a changed git backup stores what changed, not the whole manifest again', () => {
  it('reuses the file list and pipelines parts; restore, ls, diff --live and posture read both formats', async () => {
    const ws = new CliWorkspace();
    await ws.setupQuick();
    const origin = join(ws.dir, 'api.git');
    initBare(origin);
    const files = Object.fromEntries(Array.from({ length: FILES }, (_, i) => [`src/m${i % 30}/file-${i}.ts`, `export const v${i} = ${i};\n`]));
    fastImport(origin, [
      { ref: 'refs/heads/main', files: { ...files, '.github/workflows/ci.yml': workflow } },
      { ref: 'refs/heads/topic', from: 'refs/heads/main', files: { 'notes.txt': 'one\n' } },
    ]);
    const backup = () => ws.hereJson<{ snapshot: string; bytesAdded: number }>(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', `api=git:${origin}`]);
    const first = await backup();
    fastImport(origin, [{ ref: 'refs/heads/topic', from: 'refs/heads/topic^0', files: { 'notes.txt': 'two\n' } }]);
    const second = await backup();

    const identity = await unsealIdentity(parseSealedIdentity(JSON.parse(readFileSync(join(ws.dir, 'id.json'), 'utf8')), 'id.json'), Buffer.from(ws.env.BULKHEAD_PASSPHRASE!), 'id.json');
    const store = await FileStore.open(join(ws.dir, 'vault'));
    const reader = await openVault(store, identity, tempDir());
    const source = async (snap: string) => (await snapshotFor(reader, snap)).manifest.sources.find((s) => s.name === 'api')!;
    const [one, two] = [await source(first.snapshot), await source(second.snapshot)];
    const top = async (id: string) => readGitManifest(await reader.blob(id), id) as GitManifestV2;
    const [top1, top2] = [await top(one.manifest!), await top(two.manifest!)];
    expect([top1.format, top2.format]).toEqual([MANIFEST_V2, MANIFEST_V2]);
    expect(top2.files).toBe(top1.files); // the default branch did not move: the same files part
    expect(top2.pipelines).toBe(top1.pipelines); // nor did any branch's pipelines
    expect(top2.refs!['refs/heads/topic']).toBe(sh(origin, 'rev-parse', 'refs/heads/topic'));
    const whole = await loadGitManifest(reader, two.manifest!);
    expect(whole.files).toHaveLength(FILES + 1);
    expect((await reader.blob(two.manifest!)).length).toBeLessThan(2000); // the small blob: refs inline, parts by id
    const filesPart = (await reader.blob(top2.files)).length;
    // What the changed backup added: the small blob and the mirror's new objects, not the file list.
    expect(second.bytesAdded).toBeLessThan(filesPart / 4);

    // A vault holding a format 1 manifest: the second snapshot's mirror, its manifest stored whole
    // as writers before format 2 stored it (canonical JSON, one tree-type blob).
    const credential = JSON.parse(readFileSync(join(ws.dir, 'writer.json'), 'utf8')) as WriterCredential;
    const w = await RogueWriter.open(store, credential);
    const v1Id = await w.json(JSON.parse(canonicalBytes({ ...whole, format: 'bulkhead-git-manifest/1' }).toString()));
    const v1Snap = await w.snapshot([{ ...two, manifest: v1Id }]);
    const again = await openVault(store, identity, tempDir());
    const v1 = await snapshotFor(again, v1Snap);
    expect(JSON.parse((await again.blob(v1.manifest.sources[0]!.manifest!)).toString()).format).toBe('bulkhead-git-manifest/1');

    const topic = (snap: string) => (snap === first.snapshot ? top1.refs!['refs/heads/topic'] : top2.refs!['refs/heads/topic']);
    for (const snap of [first.snapshot, second.snapshot, v1Snap]) {
      const { git } = await ws.hereJson<Listing>(ws.operator('ls', `${snap}:api`));
      expect(git!.files).toHaveLength(FILES + 1);
      expect(git!.pipelines.main!.map((p) => p.path)).toEqual(['.github/workflows/ci.yml']);
      expect(git!.refs['refs/heads/topic']).toBe(topic(snap));
      const target = join(ws.dir, `restored-${snap.slice(0, 8)}.git`);
      await ws.hereOk(ws.operator('restore', `${snap}:api`, '--target', target));
      expect(sh(target, 'rev-parse', 'refs/heads/topic')).toBe(topic(snap));
      expect(sh(target, 'ls-tree', '-r', '--name-only', 'main').split('\n')).toHaveLength(FILES + 1);
      const live = (await ws.hereJson<DiffResult>(ws.operator('diff', snap, '--live'))).sources.find((s) => s.name === 'api')!;
      const changes = (live.changes as GitChange[]).map((c) => [c.type, c.ref]);
      expect(changes).toEqual(snap === first.snapshot ? [['ref-moved', 'refs/heads/topic']] : []);
    }

    const { snapshots } = await ws.hereJson<{ snapshots: { id: string; anomalies: unknown[] }[] }>(ws.operator('snapshots'));
    expect(snapshots.map((s) => s.id)).toEqual([first.snapshot, second.snapshot, v1Snap]);
    expect(snapshots.map((s) => s.anomalies)).toEqual([[], [], []]); // every manifest counted, no history event
    const posture = JSON.parse((await ws.here([...ws.operator('posture'), '--json'])).stdout) as { findings: { code: string; message: string }[] };
    expect(posture.findings.filter((f) => ['anomalous-snapshot', 'missing-objects', 'failed-source'].includes(f.code))).toEqual([]);
  }, 240_000);
});
