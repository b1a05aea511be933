import { afterAll } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeTree } from './remove-tree.js';

/**
 * Setup file (every test file): its own temp folder, set as TMPDIR for everything the file creates
 * or starts (os.tmpdir() reads TMPDIR on every call), removed after the file's last hook. A file
 * that fails or times out is cleaned up all the same; the run's folder catches a killed worker.
 */
const dir = mkdtempSync(join(process.env.BULKHEAD_TEST_RUN_DIR ?? tmpdir(), 'file-'));
process.env.TMPDIR = dir;
// Asynchronous: a file's tree can hold tens of thousands of files (an e2e bulk vault), and a
// synchronous delete that long would keep the worker from answering vitest's RPC (see
// yield-between-tests.ts). A child the file started may still be writing there: then the run's own
// cleanup removes what is left at the end.
// Waits at most 30 s (well under the hook timeout); what is still there then goes with the run's folder.
const timeout = globalThis.setTimeout;
afterAll(async () => {
  await Promise.race([removeTree(dir), new Promise((resolve) => timeout(resolve, 30_000).unref())]);
});
