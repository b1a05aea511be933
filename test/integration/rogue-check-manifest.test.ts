import { describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliWorkspace } from '../helpers/cli.js';
import { makeRepo } from '../helpers/git.js';
import { RogueWriter } from '../helpers/rogue-tree.js';
import { FileStore } from '../../src/storage/file-store.js';
import { parseWriterCredential } from '../../src/keys/writer-credential.js';

/**
 * Red team 5, R5-4: `check` walked each source's tree but never the blobs a git source's record
 * names beside it: its manifest and the manifest's parts (format 2: files, pipelines, refs runs).
 * A snapshot whose manifest names parts the vault does not hold was "No problems found", exit 0,
 * with and without --read-data, while `ls`, restore and Browse of that source failed. Forged here
 * with the writer credential and the store only.
 */
describe('rogue: check and git manifests the vault lacks (R5-4)', () => {
  it('check names every missing or wrong manifest blob and part, and each snapshot:source that needs it', async () => {
    const ws = new CliWorkspace();
    await ws.setupQuick();
    const origin = join(ws.dir, 'origin');
    mkdirSync(origin);
    makeRepo(origin, 3);
    await ws.hereOk(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', `repo=git:${origin}`]);
    const honest = await ws.here(ws.operator('check')); // an honest manifest and its parts are read and judged sound
    expect(honest.stdout).toContain('No problems found.');
    expect(honest.code).toBe(0);

    const credential = parseWriterCredential(JSON.parse(readFileSync(join(ws.dir, 'writer.json'), 'utf8')), 'writer.json');
    const store = await FileStore.open(ws.store.slice('file://'.length));
    const rogue = () => RogueWriter.open(store, credential);
    const [files, pipelines, refs, gone] = ['d'.repeat(64), 'e'.repeat(64), 'c'.repeat(64), 'b'.repeat(64)] as const;
    const head = { url: 'https://example.com/acme/app.git', head: 'refs/heads/main', defaultBranch: 'main' };
    const w1 = await rogue();
    const hollow = await w1.json({ format: 'bulkhead-git-manifest/2', ...head, refParts: [refs], files, pipelines });
    const realFiles = await w1.json({ format: 'bulkhead-git-files/1', files: [] });
    const mislabeled = await w1.json({ format: 'bulkhead-git-manifest/2', ...head, refs: { 'refs/heads/main': 'a'.repeat(40) }, files: realFiles, pipelines: realFiles });
    const empty = await w1.tree([]);
    const git = (name: string, manifest: string) => ({ name, kind: 'git' as const, locator: head.url, root: empty, manifest });
    const s1 = await w1.snapshot([git('repo', hollow), git('gone', gone), git('wrong', mislabeled)]);
    const s2 = await (await rogue()).snapshot([git('again', hollow)]); // the same hollow manifest, named again
    // 100 missing refs parts: named up to 20 problems, the rest counted (a manifest may name 65,536)
    const parts = Array.from({ length: 100 }, (_, i) => i.toString(16).padStart(64, '7'));
    const w3 = await rogue();
    const flood = await w3.json({ format: 'bulkhead-git-manifest/2', ...head, refParts: parts, files: 'f'.repeat(64), pipelines: '9'.repeat(64) });
    await w3.snapshot([git('many', flood)]);

    for (const extra of [[], ['--read-data']]) {
      const check = await ws.here(ws.operator('check', ...extra));
      expect(check.code, check.stdout + check.stderr).not.toBe(0);
      expect(check.stdout).not.toContain('No problems found');
      const out = check.stdout;
      const m = hollow.slice(0, 12);
      expect(out).toContain(`problem: the files part ${files.slice(0, 12)} of git manifest ${m} is not in the index`);
      expect(out).toContain(`problem: the pipelines part ${pipelines.slice(0, 12)} of git manifest ${m} is not in the index`);
      expect(out).toContain(`problem: the refs part ${refs.slice(0, 12)} of git manifest ${m} is not in the index`);
      expect(out).toContain(`affects ${s1}:repo`);
      expect(out).toContain(`affects ${s2}:again`);
      expect(out).toContain(`problem: git manifest ${gone.slice(0, 12)} is not in the index`);
      expect(out).toContain(`affects ${s1}:gone`);
      expect(out).toMatch(new RegExp(`problem: the pipelines part ${realFiles.slice(0, 12)} of git manifest ${mislabeled.slice(0, 12)} cannot be read: .*is not a pipelines part`));
      expect(out).toContain(`affects ${s1}:wrong`);
      expect(out).toContain(`problem: git manifest ${flood.slice(0, 12)}: 82 more of its 102 parts were not checked after 20 bad ones`);
      expect(out.split('\n').filter((l) => l.includes(`of git manifest ${flood.slice(0, 12)} is not in the index`)).length).toBe(20);
    }
  }, 120_000);
});
