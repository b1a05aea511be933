import type { VaultReader } from '../../vault/reader.js';
import type { SnapshotInfo } from '../../vault/snapshot-list.js';
import { gitlabChanges, type GitlabChange } from '../../sources/gitlab/changes.js';
import { snapshotGitlabLocator } from '../../sources/gitlab/locator.js';
import { readDocuments } from '../../sources/github/read-documents.js';
import { liveDocuments } from '../../sources/gitlab/live.js';

/** A GitLab source's documents against a later snapshot's, or (to = undefined) against GitLab now. */
export async function diffGitlab(reader: VaultReader, from: SnapshotInfo, to: SnapshotInfo | undefined, name: string): Promise<GitlabChange[]> {
  const a = from.manifest.sources.find((s) => s.name === name)!;
  const before = await readDocuments(reader, a.root);
  const b = to?.manifest.sources.find((s) => s.name === name);
  const after = to ? (b ? await readDocuments(reader, b.root) : new Map<string, unknown>()) : await liveDocuments(snapshotGitlabLocator(a.locator, true));
  return gitlabChanges(before, after);
}
