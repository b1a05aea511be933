import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { processAlive } from './process-alive.js';
import { removeTreeSync } from './remove-tree.js';

const PREFIX = 'bulkhead-run-';

/**
 * Global setup (every project): one temp folder for the whole run, set as TMPDIR so that the test
 * workers, the CLI they start, git and Chromium all write below it; removed when the run ends.
 * Folders of earlier runs whose vitest process is gone (killed, crashed) are removed first; a
 * concurrent run's folder (its process is alive) is left alone.
 */
export default function setup(): (() => void) | undefined {
  if (process.env.BULKHEAD_TEST_RUN_DIR) return undefined; // another project of this run made it
  const base = tmpdir();
  for (const name of readdirSync(base)) {
    const m = new RegExp(`^${PREFIX}(\\d+)-`).exec(name);
    if (!m || processAlive(Number(m[1]))) continue;
    try {
      if (statSync(join(base, name)).isDirectory()) removeTreeSync(join(base, name));
    } catch {
      // another run's cleanup got there first
    }
  }
  const dir = mkdtempSync(join(base, `${PREFIX}${process.pid}-`));
  process.env.BULKHEAD_TEST_RUN_DIR = dir;
  process.env.BULKHEAD_TEST_TMP_BASE = base;
  process.env.TMPDIR = dir;
  return () => {
    process.env.TMPDIR = base;
    delete process.env.BULKHEAD_TEST_RUN_DIR;
    delete process.env.BULKHEAD_TEST_TMP_BASE;
    removeTreeSync(dir);
  };
}
