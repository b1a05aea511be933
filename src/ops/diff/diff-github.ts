import type { VaultReader } from '../../vault/reader.js';
import type { SnapshotInfo } from '../../vault/snapshot-list.js';
import { githubChanges, type GithubChange } from '../../sources/github/changes.js';
import { parseGithubLocator, snapshotGithubLocator } from '../../sources/github/locator.js';
import { readDocuments } from '../../sources/github/read-documents.js';
import { liveDocuments } from '../../sources/github/live.js';

/** A GitHub source's documents against a later snapshot's, or (to = undefined) against GitHub now. */
export async function diffGithub(reader: VaultReader, from: SnapshotInfo, to: SnapshotInfo | undefined, name: string): Promise<GithubChange[]> {
  const a = from.manifest.sources.find((s) => s.name === name)!;
  // GitHub now is read with the operator's token: only from an address this machine trusts.
  const loc = to ? parseGithubLocator(a.locator) : snapshotGithubLocator(a.locator, true);
  const before = await readDocuments(reader, a.root);
  const b = to?.manifest.sources.find((s) => s.name === name);
  const after = to ? (b ? await readDocuments(reader, b.root) : new Map<string, unknown>()) : await liveDocuments(loc);
  return githubChanges(loc.owner, before, after);
}
