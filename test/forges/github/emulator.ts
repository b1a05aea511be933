import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmulatorServer } from './server.js';
import { World } from './state.js';
import { repoRoutes } from './routes-repos.js';
import { protectionRoutes } from './routes-protection.js';
import { environmentRoutes } from './routes-environments.js';
import { actionsRoutes } from './routes-actions.js';
import { actionsPermissionRoutes } from './routes-actions-permissions.js';
import { accessRoutes } from './routes-access.js';
import { issueRoutes } from './routes-issues.js';
import { releaseRoutes } from './routes-releases.js';
import { pullRoutes } from './routes-pulls.js';
import { rulesetRoutes } from './routes-rulesets.js';
import { teamRoutes } from './routes-teams.js';

export const READ_TOKEN = 'github_pat_read_only_agent';
export const WRITE_TOKEN = 'github_pat_operator_restore';

export interface GithubEmulator {
  world: World;
  server: EmulatorServer;
  /** API base URL; git at BASE/OWNER/REPO.git. */
  url: string;
  stop(): Promise<void>;
}

/** Starts the emulator on a random loopback port, with an empty world under a temporary folder. */
export async function startGithubEmulator(): Promise<GithubEmulator> {
  const root = mkdtempSync(join(tmpdir(), 'bulkhead-gh-emu-'));
  const world = new World(root);
  const routes = { ...repoRoutes, ...protectionRoutes, ...rulesetRoutes, ...environmentRoutes, ...actionsRoutes, ...actionsPermissionRoutes, ...accessRoutes, ...teamRoutes, ...issueRoutes, ...pullRoutes, ...releaseRoutes };
  const server = new EmulatorServer(world, routes, root, { read: new Set([READ_TOKEN]), write: new Set([WRITE_TOKEN]) });
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
