import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BulkheadError } from '../../util/errors.js';

/** A sandbox is a new or empty folder (a new temporary one when none is given): a drill never restores over anything. */
export function sandboxFolder(path: string | undefined): string {
  if (!path) return mkdtempSync(join(tmpdir(), 'bulkhead-drill-'));
  const dir = resolve(path);
  if (existsSync(dir) && readdirSync(dir).length > 0) throw new BulkheadError('TARGET_NOT_EMPTY', `the sandbox ${dir} is not empty; a drill restores only into a new or empty folder, never over production`);
  return dir;
}

/** The sandbox's folder for each kind of restored source: one per kind, so that no source's name can give another kind's path. */
export type SandboxShelf = 'folders' | 'streams' | 'repositories';

/**
 * Where a drill restores one source. Each kind has its own folder: with the kinds side by side, a
 * writer's folder source named "api.git" took the path of another writer's repository "api", which
 * then failed every drill as "not empty", in the signed report, as that writer's failure (red team 3b).
 */
export function sandboxPath(sandbox: string, shelf: SandboxShelf, name: string): string {
  return join(sandbox, shelf, shelf === 'repositories' ? `${name}.git` : name);
}

/**
 * Where a drill recreates a forge source: a scratch organisation (GitHub) or group (GitLab, its full
 * path) the operator names, on the API or instance at `url` (the source's own when absent), written
 * with a token for it alone.
 */
export interface ForgeSandbox {
  owner: string;
  url?: string;
  token: string;
  /** Pause between writes (GitHub's secondary limits); tests set 0. */
  writeIntervalMs?: number;
}

/** A forge sandbox from the drill's options, or undefined when none is named. */
export function forgeSandbox(opts: { owner?: string; url?: string; tokenEnv: string; writeIntervalMs?: number }): ForgeSandbox | undefined {
  if (!opts.owner) {
    if (opts.url) throw new BulkheadError('USAGE', '--sandbox-url needs --sandbox-org: the scratch organisation or group to restore into');
    return undefined;
  }
  const token = process.env[opts.tokenEnv];
  if (!token) throw new BulkheadError('USAGE', `set ${opts.tokenEnv} to a token that may create repositories in ${opts.owner} (used for this drill only, never stored)`);
  return { owner: opts.owner, ...(opts.url && { url: opts.url }), token, ...(opts.writeIntervalMs !== undefined && { writeIntervalMs: opts.writeIntervalMs }) };
}
