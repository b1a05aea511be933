import type { CatFile } from './cat-file.js';
import { git } from './git.js';

/** A Git LFS pointer file (the spec keeps them under 1024 bytes). */
const POINTER = /^version https:\/\/git-lfs\.github\.com\/spec\/v1\n(?:[a-z0-9.-]+ [^\n]*\n)*?oid sha256:([0-9a-f]{64})\n/;

/**
 * The LFS objects named by pointer files anywhere in the history of `tips`, leaving out what is
 * reachable from `scanned` (tips an earlier backup scanned): one rev-list of the new small blobs and
 * one cat-file batch to read them, so an unchanged repository costs nothing here and a first
 * backup about one `rev-list --objects --all`. Objects the repository lacks are skipped here
 * (an incomplete repository is reported by findMissing, not failed by this scan).
 */
export async function lfsPointers(gitDir: string, objects: CatFile, tips: string[], scanned: string[]): Promise<string[]> {
  const present = scanned.length === 0 ? [] : (await objects.getMany(scanned)).filter((o) => o !== undefined).map((o) => o.oid);
  const input = [...tips, ...present.map((t) => `^${t}`)].join('\n') + '\n';
  const list = await git(['rev-list', '--objects', '--no-object-names', '--stdin', '--filter=blob:limit=1024', '--filter=object:type=blob', '--missing=allow-any'], { gitDir, input });
  const ids = list.stdout.toString('latin1').split('\n').filter(Boolean);
  const oids = new Set<string>();
  for (const o of await objects.getMany(ids)) {
    const m = o?.type === 'blob' ? POINTER.exec(o.content.toString('latin1')) : null;
    if (m) oids.add(m[1]!);
  }
  return [...oids];
}
