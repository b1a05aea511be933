import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { gitText } from './git.js';

/**
 * What a bare mirror holds at its top level; anything else is removed. Not a list of known-bad
 * names: `commondir` (git then takes config, hooks, objects and refs from the folder it names, so a
 * mirror armed there passed a check of the usual places, and its hooks ran at restore), `gitdir`,
 * `worktrees/` and whatever a later git reads from a new file are all outside it.
 */
const MIRROR_NAMES = new Set(['HEAD', 'config', 'description', 'hooks', 'info', 'objects', 'refs', 'packed-refs', 'shallow', 'lfs', 'logs', 'branches', 'FETCH_HEAD', 'ORIG_HEAD']);

/**
 * A restored mirror came from the agent's cache, which a hijacked agent controls: its hooks run
 * when restore pushes from it (pre-push), and its config can name programs git runs
 * (core.sshCommand, credential.helper = !cmd, core.fsmonitor, …) or read other files
 * (include.path). Git never transfers hooks, config or alternates, so none of them is repository
 * content: before git runs in a restored mirror, every symlink and special file in it is removed
 * (a `hooks` linked to a folder of the operator's had that folder emptied by the next step, in a
 * dry run too), then every top-level entry a mirror does not hold, hooks other than git's inert
 * samples, and alternates (objects borrowed from elsewhere on this disk); the config is rewritten
 * from scratch with only what a mirror needs. Nothing is followed through a link. Returns what was
 * removed, for the record.
 */
export async function disarmMirror(dir: string, originUrl: string): Promise<string[]> {
  const removed: string[] = [];
  await removeLinks(dir, '', removed);
  for (const entry of await fsp.readdir(dir)) {
    if (MIRROR_NAMES.has(entry)) continue;
    await fsp.rm(join(dir, entry), { recursive: true, force: true });
    removed.push(entry);
  }
  const hooks = join(dir, 'hooks');
  for (const name of await fsp.readdir(hooks).catch(() => [] as string[])) {
    if (name.endsWith('.sample')) continue;
    await fsp.rm(join(hooks, name), { recursive: true, force: true });
    removed.push(`hooks/${name}`);
  }
  for (const rel of ['objects/info/alternates', 'objects/info/http-alternates']) {
    if (await fsp.rm(join(dir, rel)).then(() => true, () => false)) removed.push(rel);
  }
  const config = join(dir, 'config');
  const format = await read(config, 'core.repositoryformatversion');
  const objectFormat = await read(config, 'extensions.objectformat');
  await fsp.rm(config, { recursive: true, force: true });
  await fsp.writeFile(config, mirrorConfig(format === '1' ? 1 : 0, objectFormat === 'sha256' ? 'sha256' : undefined, originUrl), { mode: 0o644 });
  return removed;
}

/** Removes, below `dir`, every entry that is neither a plain file nor a folder, never following one (git writes no symlink in a repository's folder). */
async function removeLinks(dir: string, rel: string, removed: string[]): Promise<void> {
  for (const entry of await fsp.readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const at = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) await removeLinks(path, at, removed);
    else if (!entry.isFile()) {
      await fsp.unlink(path);
      removed.push(at);
    }
  }
}

/** One value from a config file, read as data (`--file` does not follow includes). */
function read(file: string, key: string): Promise<string | undefined> {
  return gitText(['config', '--file', file, '--get', key], { okCodes: [1] }).then((v) => v.trim() || undefined, () => undefined);
}

function mirrorConfig(format: 0 | 1, objectFormat: 'sha256' | undefined, url: string): string {
  const quoted = url.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
  return [
    '[core]',
    `\trepositoryformatversion = ${objectFormat ? 1 : format}`,
    '\tfilemode = true',
    '\tbare = true',
    ...(objectFormat ? ['[extensions]', `\tobjectformat = ${objectFormat}`] : []),
    '[gc]',
    '\tauto = 0',
    '[remote "origin"]',
    `\turl = "${quoted}"`,
    '\tfetch = +refs/*:refs/*',
    '\tmirror = true',
    '',
  ].join('\n');
}
