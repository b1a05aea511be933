import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where the console keeps its catalog and its log: BULKHEAD_CONSOLE_DIR, else the user's config folder. */
export function consoleDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.BULKHEAD_CONSOLE_DIR) return env.BULKHEAD_CONSOLE_DIR;
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'bulkhead');
}

/** The log of the console and the desktop app (console.log; the one before it, console.log.1). */
export const consoleLogPath = (env: NodeJS.ProcessEnv = process.env): string => join(consoleDir(env), 'console.log');
