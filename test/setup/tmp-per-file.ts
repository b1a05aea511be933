import { afterAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Setup file (every test file): its own temp folder, set as TMPDIR for everything the file creates
 * or starts (os.tmpdir() reads TMPDIR on every call), removed after the file's last hook. A file
 * that fails or times out is cleaned up all the same; the run's folder catches a killed worker.
 */
const dir = mkdtempSync(join(process.env.BULKHEAD_TEST_RUN_DIR ?? tmpdir(), 'file-'));
process.env.TMPDIR = dir;
afterAll(() => {
  try {
    rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  } catch {
    // A child the file started may still be writing there: the run's own cleanup removes it at the end.
  }
});
