import type { HostContext } from '../../host/context.js';
import { listPath } from '../../ops/browse/ls.js';
import type { BrowseRow } from '../../ops/browse/browse-rows.js';
import { parseSnapshotRef } from '../../ops/snapshot-ref.js';
import { operatorSnapshot } from '../chosen-snapshot.js';
import type { GitManifest } from '../../sources/git/manifest.js';
import { submoduleNotes } from '../../sources/git/submodules.js';
import { withReader } from '../session.js';
import type { OperatorOptions } from '../operator-options.js';
import { bytes, printJson, say, shortTime, table } from '../output.js';
import { oneLine } from '../../util/terminal-text.js';

export async function runLs(host: HostContext, ref: string, opts: OperatorOptions): Promise<void> {
  const { snapshot, path } = parseSnapshotRef(ref);
  await withReader(host, opts, async (reader) => {
    const listing = await listPath(reader, await operatorSnapshot(reader, snapshot, path.split('/')[0] || undefined), path);
    if (opts.json) return printJson(listing);
    for (const f of listing.failed ?? []) {
      say(`${f.name}: BACKUP FAILED in this snapshot: ${oneLine(f.reason)}${f.keptData ? ' (its repository data is kept)' : ' (nothing of it is in this snapshot)'}`);
    }
    if (listing.git) return printGit(listing.snapshot, listing.path, listing.git);
    if (listing.rows) return printRows(listing.snapshot, listing.path, listing.rows);
    const rows = listing.entries.map((e) => [
      e.kind === 'dir' ? 'd' : e.kind === 'symlink' ? 'l' : '-',
      (e.mode & 0o7777).toString(8).padStart(4, '0'),
      e.kind === 'file' ? bytes(e.size) : '',
      shortTime(e.mtime),
      e.kind === 'dir' ? `${e.name}/` : e.target !== undefined ? `${e.name} -> ${e.target}` : e.name,
    ]);
    say(`snapshot ${listing.snapshot} (${shortTime(listing.time)}) /${listing.path}`);
    say(table(['', 'mode', 'size', 'modified', 'name'], rows));
  });
}

function printGit(snapshot: string, name: string, m: GitManifest): void {
  say(`snapshot ${snapshot}: git repository ${name} (${m.url}), default branch ${m.defaultBranch ?? '(none)'}`);
  say('refs:');
  say(table(['', 'commit', 'ref'], Object.entries(m.refs).map(([ref, oid]) => [ref === m.head ? '*' : '', oid.slice(0, 12), ref])));
  say('pipelines:');
  const rows = Object.entries(m.pipelines).flatMap(([branch, ps]) =>
    ps.map((p) => [branch, p.system, p.path, p.valid ? (p.name ?? '') : `INVALID: ${p.error ?? ''}`, p.triggers.join(','), p.jobs.join(',')]),
  );
  say(rows.length > 0 ? table(['branch', 'system', 'path', 'name', 'triggers', 'jobs'], rows) : '  (none found)');
  if (m.lfsObjects) say(`git LFS objects kept: ${m.lfsObjects}`);
  say(`files at ${m.defaultBranch ?? 'HEAD'}: ${m.files.length}`);
  for (const [path, mode, , size] of m.files.slice(0, 50)) say(`  ${path} (${mode === '160000' ? 'submodule' : `${size} B`})`);
  if (m.files.length > 50) say(`  … and ${m.files.length - 50} more (--json lists all)`);
  for (const note of submoduleNotes(m.submodules)) say(note);
  say(`browse: ${snapshot}:${name}/refs, ${name}/refs/REF/PATH (a ref's files), ${name}/files/PATH (at ${m.defaultBranch ?? 'HEAD'}), ${name}/pipelines`);
}

/** A place below a git source, as the console's browser shows it: refs, a commit's folders and files, pipelines. */
function printRows(snapshot: string, path: string, rows: BrowseRow[]): void {
  say(`snapshot ${snapshot} /${path}`);
  const mark = (r: BrowseRow) => (r.hasChildren ? 'd' : r.kind === 'symlink' ? 'l' : '-');
  if (rows.length === 0) return say('  (nothing here)');
  say(table(['', 'size', 'name', ''], rows.map((r) => [mark(r), r.size === null ? '' : bytes(r.size), r.hasChildren ? `${r.name}/` : r.name, r.detail ?? ''])));
}
