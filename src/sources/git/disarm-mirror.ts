import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { gitText } from './git.js';

/**
 * A restored mirror came from the agent's cache, which a hijacked agent controls: its hooks run
 * when restore pushes from it (pre-push), and its config can name programs git runs
 * (core.sshCommand, credential.helper = !cmd, core.fsmonitor, …) or read other files
 * (include.path). Git never transfers hooks, config or alternates, so none of them is repository
 * content: before git runs in a restored mirror, hooks other than git's inert samples are removed,
 * alternates (objects borrowed from elsewhere on this disk) are removed, and the config is
 * rewritten from scratch with only what a mirror needs. Returns what was removed, for the record.
 */
export async function disarmMirror(dir: string, originUrl: string): Promise<string[]> {
  const removed: string[] = [];
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
  await fsp.rm(config, { force: true });
  await fsp.writeFile(config, mirrorConfig(format === '1' ? 1 : 0, objectFormat === 'sha256' ? 'sha256' : undefined, originUrl), { mode: 0o644 });
  return removed;
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
