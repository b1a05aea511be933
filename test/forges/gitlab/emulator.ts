import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GitlabServer } from './server.js';
import { World } from './state.js';
import { groupRoutes } from './routes-groups.js';
import { projectRoutes } from './routes-projects.js';
import { ciRoutes } from './routes-ci.js';
import { accessRoutes } from './routes-access.js';
import { issueRoutes } from './routes-issues.js';
import { protectedRoutes } from './routes-protected.js';
import { editRoutes } from './routes-edits.js';

/** The agent's token (read_api scope: reads only) and the operator's (api scope). */
export const READ_TOKEN = 'glpat-read-api-agent-000';
export const WRITE_TOKEN = 'glpat-api-operator-restore';

export interface GitlabEmulator {
  world: World;
  server: GitlabServer;
  /** Instance URL; API at URL/api/v4, git at URL/FULL/PATH.git. */
  url: string;
  stop(): Promise<void>;
}

/** Starts the emulator on a random loopback port, with an empty world under a temporary folder. */
export async function startGitlabEmulator(): Promise<GitlabEmulator> {
  const root = mkdtempSync(join(tmpdir(), 'bulkhead-gl-emu-'));
  const world = new World(root);
  const server = new GitlabServer(world, [...groupRoutes, ...projectRoutes, ...protectedRoutes, ...ciRoutes, ...accessRoutes, ...issueRoutes, ...editRoutes], { read: new Set([READ_TOKEN]), write: new Set([WRITE_TOKEN]) });
  const url = await server.start();
  return {
    world,
    server,
    url,
    stop: async () => {
      await server.stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
